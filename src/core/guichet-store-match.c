/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-store"

#include "config.h"

#include <string.h>

#include "guichet-store-private.h"

/* A search tested on one participant's row, as the full-text index
 * would answer it: the words of the row and of the search are cut by
 * the index's own tokenizer (FTS5's unicode61, diacritics removed), so a
 * row matches here exactly when the index would return it. */

#define MAX_WORDS 64

struct _GuichetTextMatcher
{
  fts5_tokenizer tokenizer;
  Fts5Tokenizer *instance;
  char          *words[MAX_WORDS]; /* each a token the row's must start with */
  gsize          lengths[MAX_WORDS];
  guint          n_words;
  guint64        found; /* bit i: words[i] seen in this row */
};

static fts5_api *
get_fts5_api (sqlite3 *db)
{
  fts5_api     *api = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT fts5(?1)", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_pointer (stmt, 1, (void *) &api, "fts5_api_ptr", NULL);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  return api;
}

typedef struct
{
  GPtrArray *tokens;
} QueryTokens;

static int
add_query_token (void       *data,
                 int         flags,
                 const char *token,
                 int         n_token,
                 int         start,
                 int         end)
{
  QueryTokens *query = data;

  if (!(flags & FTS5_TOKEN_COLOCATED))
    g_ptr_array_add (query->tokens, g_strndup (token, n_token));
  return SQLITE_OK;
}

/* A matcher of @words (the search's words, each looked for as the start
 * of a word of the names or e-mail), tokenized as the index does on
 * @db; NULL when a word is not one token (the index reads it as a
 * phrase) or there are too many. */
GuichetTextMatcher *
_guichet_text_matcher_new (sqlite3            *db,
                           const char * const *words)
{
  const char *args[] = { "remove_diacritics", "2" };
  g_autoptr (GuichetTextMatcher) self = NULL;
  fts5_api *api = get_fts5_api (db);
  void     *user_data = NULL;

  if (api == NULL || words == NULL || g_strv_length ((char **) words) > MAX_WORDS)
    return NULL;

  self = g_new0 (GuichetTextMatcher, 1);
  if (api->xFindTokenizer (api, "unicode61", &user_data, &self->tokenizer) != SQLITE_OK ||
      self->tokenizer.xCreate (user_data, args, G_N_ELEMENTS (args), &self->instance) != SQLITE_OK)
    return NULL;

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autoptr (GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
      QueryTokens query = { tokens };

      if (self->tokenizer.xTokenize (self->instance, &query,
                                     FTS5_TOKENIZE_QUERY | FTS5_TOKENIZE_PREFIX, words[i],
                                     (int) strlen (words[i]), add_query_token) != SQLITE_OK ||
          tokens->len != 1)
        return NULL;
      self->words[self->n_words] = g_strdup (g_ptr_array_index (tokens, 0));
      self->lengths[self->n_words] = strlen (self->words[self->n_words]);
      self->n_words++;
    }
  if (self->n_words == 0)
    return NULL;
  return g_steal_pointer (&self);
}

void
_guichet_text_matcher_free (GuichetTextMatcher *self)
{
  if (self->instance != NULL)
    self->tokenizer.xDelete (self->instance);
  for (guint i = 0; i < self->n_words; i++)
    g_free (self->words[i]);
  g_free (self);
}

static int
see_row_token (void       *data,
               int         flags,
               const char *token,
               int         n_token,
               int         start,
               int         end)
{
  GuichetTextMatcher *self = data;
  guint64 all = self->n_words == 64 ? G_MAXUINT64 : (G_GUINT64_CONSTANT (1) << self->n_words) - 1;

  for (guint i = 0; i < self->n_words; i++)
    if ((gsize) n_token >= self->lengths[i] &&
        memcmp (token, self->words[i], self->lengths[i]) == 0)
      self->found |= G_GUINT64_CONSTANT (1) << i;
  /* Every word seen: no need to read on. */
  return self->found == all ? SQLITE_DONE : SQLITE_OK;
}

/* Whether every word starts a word of @texts (@n_texts of them, NULL ones
 * skipped), as the full-text index's "word"* query would say. */
gboolean
_guichet_text_matcher_matches (GuichetTextMatcher *self,
                               const char * const *texts,
                               guint               n_texts)
{
  guint64 all = self->n_words == 64 ? G_MAXUINT64 : (G_GUINT64_CONSTANT (1) << self->n_words) - 1;

  self->found = 0;
  for (guint i = 0; i < n_texts && self->found != all; i++)
    {
      if (texts[i] == NULL)
        continue;
      self->tokenizer.xTokenize (self->instance, self, FTS5_TOKENIZE_DOCUMENT, texts[i],
                                 (int) strlen (texts[i]), see_row_token);
    }
  return self->found == all;
}
