/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-weezevent"

#include "config.h"

#include <string.h>

#include "guichet-participant-private.h"
#include "guichet-weezevent-scan.h"

/* A page is ~260 KB holding 500 records; json-glib builds a tree of
 * hash-tabled objects for it and frees it again, which costs more than
 * everything else a sync does. Here the page is scanned once into a flat
 * array of tokens (no allocation per value), and each record's members are
 * read straight from the text.
 *
 * The rule: accept only what json-glib accepts and reads the same way.
 * json-glib 1.6 is laxer than JSON (comments, single quotes, "\#", hex and
 * octal numbers, raw control characters) and reads some valid JSON its own
 * way (lone surrogates, "\u0000", integers beyond 64 bits): the tokenizer
 * takes strict JSON only, and declines a page at the first doubt, so that
 * json-glib reads it whole. What it does take, it reads as json-glib would;
 * a record it cannot (see scan_participant()) goes to json-glib alone.
 * tests/test-weezevent.c compares the two ways on pages and their mutants. */

typedef enum
{
  TOK_OBJECT,
  TOK_ARRAY,
  TOK_STRING,
  TOK_INT,
  TOK_DOUBLE,
  TOK_TRUE,
  TOK_FALSE,
  TOK_NULL,
} TokType;

typedef struct
{
  guint8  type;
  guint8  escaped; /* TOK_STRING: holds backslashes */
  guint32 start;   /* strings: after the quote; objects, arrays: at the bracket */
  guint32 end;     /* strings: at the closing quote; objects, arrays: after the bracket */
  guint32 next;    /* the token after this value and its children */
  guint32 count;   /* objects: members; arrays: elements */
} Tok;

#define SCAN_MAX_DEPTH 64

typedef struct
{
  const char *data;
  gsize       size;
  gsize       pos;
  GArray     *toks;
  gboolean    odd; /* what was read needs the json-glib way */
} Scan;

static inline void
scan_skip_ws (Scan *s)
{
  while (s->pos < s->size)
    {
      char c = s->data[s->pos];

      if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
        break;
      s->pos++;
    }
}

static inline Tok *
scan_tok (Scan *s,
          guint i)
{
  return &g_array_index (s->toks, Tok, i);
}

static guint
scan_push (Scan   *s,
           TokType type,
           gsize   start)
{
  Tok tok = { 0 };

  tok.type = type;
  tok.start = (guint32) start;
  g_array_append_val (s->toks, tok);
  return s->toks->len - 1;
}

static gboolean scan_value (Scan *s,
                            guint depth);

/* The code unit of the "\\uXXXX" escape at @pos, or -1 */
static gint
scan_code_unit (Scan *s,
                gsize pos)
{
  gint unit = 0;

  if (pos + 6 > s->size || s->data[pos] != '\\' || s->data[pos + 1] != 'u')
    return -1;
  for (gsize k = pos + 2; k < pos + 6; k++)
    {
      gint digit = g_ascii_xdigit_value (s->data[k]);

      if (digit < 0)
        return -1;
      unit = (unit << 4) | digit;
    }
  return unit;
}

static gboolean
scan_string (Scan *s)
{
  guint    i = scan_push (s, TOK_STRING, s->pos + 1);
  gboolean escaped = FALSE;
  gsize    pos = s->pos + 1;

  for (;;)
    {
      const char *q = memchr (s->data + pos, '"', s->size - pos);
      const char *b;
      gsize       stop;

      if (q == NULL)
        return FALSE;
      stop = q - s->data;
      b = memchr (s->data + pos, '\\', stop - pos);
      if (b == NULL)
        {
          for (gsize k = pos; k < stop; k++)
            if ((guchar) s->data[k] < 0x20)
              return FALSE;
          pos = stop;
          break;
        }
      /* an escape before the quote */
      for (gsize k = pos; k < (gsize) (b - s->data); k++)
        if ((guchar) s->data[k] < 0x20)
          return FALSE;
      pos = b - s->data + 1;
      if (pos >= s->size)
        return FALSE;
      escaped = TRUE;
      switch (s->data[pos])
        {
        case '"':
        case '\\':
        case '/':
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't':
          pos++;
          break;
        case 'u':
          {
            gint unit = scan_code_unit (s, pos - 1);

            if (unit < 0 || (unit >= 0xdc00 && unit <= 0xdfff))
              return FALSE;
            pos += 5;
            /* json-glib reads a lone high surrogate as invalid UTF-8, or
             * fails: only pairs are read here */
            if (unit >= 0xd800 && unit <= 0xdbff)
              {
                gint low = scan_code_unit (s, pos);

                if (low < 0xdc00 || low > 0xdfff)
                  return FALSE;
                pos += 6;
              }
          }
          break;
        default:
          return FALSE;
        }
    }

  scan_tok (s, i)->escaped = escaped;
  scan_tok (s, i)->end = (guint32) pos;
  scan_tok (s, i)->next = s->toks->len;
  s->pos = pos + 1;
  return TRUE;
}

static gboolean
scan_number (Scan *s)
{
  gsize   start = s->pos, pos = s->pos, digits;
  TokType type = TOK_INT;
  guint   i;

  /* JSON's grammar exactly: json-glib also takes "1.", ".5", "01", "0x1f" */
  if (pos < s->size && s->data[pos] == '-')
    pos++;
  digits = pos;
  if (pos < s->size && s->data[pos] == '0')
    pos++;
  else
    while (pos < s->size && g_ascii_isdigit (s->data[pos]))
      pos++;
  if (pos == digits)
    return FALSE;
  /* json-glib wraps what does not fit a gint64: never read as an int here */
  if (pos - digits > 18)
    type = TOK_DOUBLE;
  if (pos < s->size && s->data[pos] == '.')
    {
      gsize fraction = ++pos;

      while (pos < s->size && g_ascii_isdigit (s->data[pos]))
        pos++;
      if (pos == fraction)
        return FALSE;
      type = TOK_DOUBLE;
    }
  if (pos < s->size && (s->data[pos] == 'e' || s->data[pos] == 'E'))
    {
      gsize exponent;

      pos++;
      if (pos < s->size && (s->data[pos] == '+' || s->data[pos] == '-'))
        pos++;
      exponent = pos;
      while (pos < s->size && g_ascii_isdigit (s->data[pos]))
        pos++;
      if (pos == exponent)
        return FALSE;
      type = TOK_DOUBLE;
    }

  i = scan_push (s, type, start);
  scan_tok (s, i)->end = (guint32) pos;
  scan_tok (s, i)->next = s->toks->len;
  s->pos = pos;
  return TRUE;
}

static gboolean
scan_literal (Scan       *s,
              const char *word,
              TokType     type)
{
  gsize len = strlen (word);
  guint i;

  if (s->size - s->pos < len || memcmp (s->data + s->pos, word, len) != 0)
    return FALSE;
  i = scan_push (s, type, s->pos);
  s->pos += len;
  scan_tok (s, i)->end = (guint32) s->pos;
  scan_tok (s, i)->next = s->toks->len;
  return TRUE;
}

static gboolean
scan_container (Scan *s,
                guint depth)
{
  gboolean object = s->data[s->pos] == '{';
  char     close = object ? '}' : ']';
  guint    i = scan_push (s, object ? TOK_OBJECT : TOK_ARRAY, s->pos);
  guint32  count = 0;

  if (depth >= SCAN_MAX_DEPTH)
    return FALSE;

  s->pos++;
  scan_skip_ws (s);
  if (s->pos < s->size && s->data[s->pos] == close)
    {
      s->pos++;
      goto done;
    }

  for (;;)
    {
      scan_skip_ws (s);
      if (object)
        {
          if (s->pos >= s->size || s->data[s->pos] != '"' || !scan_string (s))
            return FALSE;
          scan_skip_ws (s);
          if (s->pos >= s->size || s->data[s->pos] != ':')
            return FALSE;
          s->pos++;
          scan_skip_ws (s);
        }
      if (!scan_value (s, depth + 1))
        return FALSE;
      count++;
      scan_skip_ws (s);
      if (s->pos >= s->size)
        return FALSE;
      if (s->data[s->pos] == ',')
        {
          s->pos++;
          continue;
        }
      if (s->data[s->pos] != close)
        return FALSE;
      s->pos++;
      break;
    }

done:
  scan_tok (s, i)->end = (guint32) s->pos;
  scan_tok (s, i)->count = count;
  scan_tok (s, i)->next = s->toks->len;
  return TRUE;
}

static gboolean
scan_value (Scan *s,
            guint depth)
{
  if (s->pos >= s->size)
    return FALSE;

  switch (s->data[s->pos])
    {
    case '{':
    case '[':
      return scan_container (s, depth);
    case '"':
      return scan_string (s);
    case 't':
      return scan_literal (s, "true", TOK_TRUE);
    case 'f':
      return scan_literal (s, "false", TOK_FALSE);
    case 'n':
      return scan_literal (s, "null", TOK_NULL);
    default:
      return scan_number (s);
    }
}

/* The decoded text of a string token (NULL when unusual: s->odd is set). */
static char *
scan_decode (Scan *s,
             Tok  *tok)
{
  const char *p = s->data + tok->start;
  const char *end = s->data + tok->end;
  GString    *out;

  if (!tok->escaped)
    return g_strndup (p, end - p);

  out = g_string_sized_new (end - p);
  while (p < end)
    {
      gunichar c;

      if (*p != '\\')
        {
          g_string_append_c (out, *p++);
          continue;
        }
      p++;
      switch (*p)
        {
        case 'b':
          g_string_append_c (out, '\b');
          p++;
          continue;
        case 'f':
          g_string_append_c (out, '\f');
          p++;
          continue;
        case 'n':
          g_string_append_c (out, '\n');
          p++;
          continue;
        case 'r':
          g_string_append_c (out, '\r');
          p++;
          continue;
        case 't':
          g_string_append_c (out, '\t');
          p++;
          continue;
        case 'u':
          break;
        default:
          g_string_append_c (out, *p++);
          continue;
        }
      /* the tokenizer let only whole surrogate pairs through */
      c = scan_code_unit (s, p - 1 - s->data);
      p += 5;
      if (c >= 0xd800 && c <= 0xdbff)
        {
          c = 0x10000 + ((c - 0xd800) << 10) + (scan_code_unit (s, p - s->data) - 0xdc00);
          p += 6;
        }
      /* json-glib cuts the text at a NUL: its business */
      if (c == 0)
        {
          s->odd = TRUE;
          g_string_free (out, TRUE);
          return NULL;
        }
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* The last member @key of object @obj (json-glib keeps the last), or 0. */
static guint
scan_member (Scan       *s,
             guint       obj,
             const char *key)
{
  Tok  *o;
  gsize len = strlen (key);
  guint i, found = 0;

  if (obj == 0)
    return 0;
  o = scan_tok (s, obj);
  i = obj + 1;
  for (guint32 n = 0; n < o->count; n++)
    {
      Tok  *k = scan_tok (s, i);
      guint value = i + 1;

      if (k->escaped)
        s->odd = TRUE;
      else if (k->end - k->start == len && memcmp (s->data + k->start, key, len) == 0)
        found = value;
      i = scan_tok (s, value)->next;
    }
  return found;
}

/* The member @key of object @obj if it is a @type, or 0 */
static guint
scan_typed_member (Scan       *s,
                   guint       obj,
                   const char *key,
                   TokType     type)
{
  guint i = scan_member (s, obj, key);

  return i != 0 && scan_tok (s, i)->type == type ? i : 0;
}

static gint64
scan_int (Scan *s,
          Tok  *tok)
{
  return g_ascii_strtoll (s->data + tok->start, NULL, 10);
}

/* guichet_json_dup_string () */
static char *
scan_dup_string (Scan       *s,
                 guint       obj,
                 const char *key)
{
  guint i = scan_member (s, obj, key);
  Tok  *tok;

  if (i == 0)
    return NULL;
  tok = scan_tok (s, i);
  switch (tok->type)
    {
    case TOK_STRING:
      return scan_decode (s, tok);
    case TOK_INT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, scan_int (s, tok));
    case TOK_DOUBLE:
      s->odd = TRUE;
      return NULL;
    case TOK_TRUE:
      return g_strdup ("true");
    case TOK_FALSE:
      return g_strdup ("false");
    default:
      return NULL;
    }
}

/* guichet_json_dup_id () */
static char *
scan_dup_id (Scan       *s,
             guint       obj,
             const char *key)
{
  guint i = scan_member (s, obj, key);
  Tok  *tok;

  if (i == 0)
    return NULL;
  tok = scan_tok (s, i);
  switch (tok->type)
    {
    case TOK_STRING:
      {
        g_autofree char *id = scan_decode (s, tok);

        if (id == NULL)
          return NULL;
        g_strstrip (id);
        return *id != '\0' ? g_steal_pointer (&id) : NULL;
      }
    case TOK_INT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, scan_int (s, tok));
    case TOK_DOUBLE:
      s->odd = TRUE;
      return NULL;
    default:
      return NULL;
    }
}

/* guichet_json_get_bool () */
static gboolean
scan_get_bool (Scan       *s,
               guint       obj,
               const char *key,
               gboolean    default_value)
{
  guint i = scan_member (s, obj, key);
  Tok  *tok;

  if (i == 0)
    return default_value;
  tok = scan_tok (s, i);
  switch (tok->type)
    {
    case TOK_TRUE:
      return TRUE;
    case TOK_FALSE:
      return FALSE;
    case TOK_INT:
      return scan_int (s, tok) != 0;
    case TOK_STRING:
      {
        g_autofree char *text = scan_decode (s, tok);

        if (text == NULL)
          return default_value;
        g_strstrip (text);
        if (g_ascii_strcasecmp (text, "true") == 0 || g_ascii_strcasecmp (text, "yes") == 0 ||
            g_str_equal (text, "1"))
          return TRUE;
        if (g_ascii_strcasecmp (text, "false") == 0 || g_ascii_strcasecmp (text, "no") == 0 ||
            g_str_equal (text, "0"))
          return FALSE;
        return default_value;
      }
    case TOK_DOUBLE:
      s->odd = TRUE;
      return default_value;
    default:
      return default_value;
    }
}

static char *
scan_dup_text (Scan       *s,
               guint       obj,
               const char *key)
{
  g_autofree char *raw = scan_dup_string (s, obj, key);

  if (raw == NULL || raw[0] == '\0')
    return NULL;
  return guichet_weezevent_clean_text (raw);
}

static char *
scan_dup_date (Scan       *s,
               guint       obj,
               const char *key)
{
  g_autofree char *raw = scan_dup_string (s, obj, key);

  if (raw == NULL || raw[0] == '\0' || g_str_has_prefix (raw, "0000-00-00"))
    return NULL;
  return guichet_weezevent_clean_text (raw);
}

/* Appends @text as json-glib's generator writes a string's contents.
 * Control characters, which it escapes its own way, set s->odd. */
static void
scan_append_json_text (Scan       *s,
                       GString    *out,
                       const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c < 0x20 || c == 0x7f)
        {
          s->odd = TRUE;
          return;
        }
      if (c == '"' || c == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, (char) c);
    }
}

/* The elements of the answer's list at token @array, as add_answers() of
 * guichet-weezevent-parse.c joins them. */
static char *
scan_join_values (Scan *s,
                  guint array)
{
  GString *joined = g_string_new (NULL);
  Tok     *a = scan_tok (s, array);
  guint    i = array + 1;

  for (guint32 n = 0; n < a->count; n++, i = scan_tok (s, i)->next)
    {
      Tok             *tok = scan_tok (s, i);
      g_autofree char *one = NULL;

      if (tok->type == TOK_STRING)
        {
          g_autofree char *raw = scan_decode (s, tok);

          one = guichet_weezevent_clean_text (raw);
        }
      else if (tok->type == TOK_INT)
        one = g_strdup_printf ("%" G_GINT64_FORMAT, scan_int (s, tok));
      else if (tok->type == TOK_DOUBLE)
        s->odd = TRUE;
      if (one == NULL)
        continue;
      if (joined->len > 0)
        g_string_append (joined, ", ");
      g_string_append (joined, one);
    }
  return g_string_free (joined, FALSE);
}

/* add_answers () of guichet-weezevent-parse.c on the array at token
 * @array (0: none): appends its answers to @out, returns how many. */
static guint
scan_add_answers (Scan    *s,
                  guint    array,
                  GString *out)
{
  Tok  *a;
  guint i, n = 0;

  if (array == 0)
    return 0;
  a = scan_tok (s, array);
  i = array + 1;
  for (guint32 k = 0; k < a->count && !s->odd; k++, i = scan_tok (s, i)->next)
    {
      g_autofree char *label = NULL;
      g_autofree char *value = NULL;
      guint            values;

      if (scan_tok (s, i)->type != TOK_OBJECT)
        continue;
      label = scan_dup_text (s, i, "label");
      if (label == NULL)
        label = scan_dup_text (s, i, "question");
      values = scan_typed_member (s, i, "value", TOK_ARRAY);
      if (values != 0)
        value = scan_join_values (s, values);
      else
        {
          value = scan_dup_text (s, i, "value");
          if (value == NULL)
            value = scan_dup_text (s, i, "answer");
        }
      if (label == NULL && value == NULL)
        continue;

      g_string_append (out, out->len > 1 ? ",{\"label\":\"" : "{\"label\":\"");
      scan_append_json_text (s, out, label != NULL ? label : "");
      g_string_append (out, "\",\"value\":\"");
      scan_append_json_text (s, out, value != NULL ? value : "");
      g_string_append (out, "\"}");
      n++;
    }
  return n;
}

/* answers_to_text () of guichet-weezevent-parse.c: the owner's answers,
 * else the buyer's, as JSON text; NULL when there are none. */
static char *
scan_answers (Scan *s,
              guint owner,
              guint buyer)
{
  guint    first = scan_typed_member (s, owner, "answers", TOK_ARRAY);
  guint    fallback = scan_typed_member (s, buyer, "answers", TOK_ARRAY);
  GString *out;
  guint    n;

  if ((first == 0 || scan_tok (s, first)->count == 0) &&
      (fallback == 0 || scan_tok (s, fallback)->count == 0))
    return NULL;

  out = g_string_new ("[");
  n = scan_add_answers (s, first, out);
  if (n == 0)
    n = scan_add_answers (s, fallback, out);
  if (n == 0 || s->odd)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

/* guichet_weezevent_parse_participant () on the record at token @obj; NULL
 * with s->odd set when the record needs json-glib. */
static GuichetParticipant *
scan_participant (Scan       *s,
                  guint       object,
                  const char *event_id)
{
  guint                    owner_i = scan_member (s, object, "owner");
  guint                    owner = scan_typed_member (s, object, "owner", TOK_OBJECT);
  guint                    buyer = scan_typed_member (s, object, "buyer", TOK_OBJECT);
  guint                    control = scan_typed_member (s, object, "control_status", TOK_OBJECT);
  g_autofree char         *id = NULL;
  g_autofree char         *item_event = NULL;
  g_autofree char         *date_id = NULL;
  g_autofree char         *ticket_id = NULL;
  g_autofree char         *barcode = NULL;
  g_autofree char         *order_id = NULL;
  g_autofree char         *deleted = NULL;
  g_autofree char         *refund = NULL;
  g_autofree char         *first_name = NULL;
  g_autofree char         *last_name = NULL;
  g_autofree char         *email = NULL;
  g_autofree char         *control_state = NULL;
  g_autofree char         *scan_date = NULL;
  g_autofree char         *answers = NULL;
  GuichetParticipantFields fields = { NULL };
  GuichetParticipantStatus status;
  gboolean                 checked_in;

  s->odd = FALSE;
  /* The unusual, json-glib's way: an owner that is not an object */
  if (owner_i != 0 && owner == 0 && scan_tok (s, owner_i)->type != TOK_NULL)
    {
      s->odd = TRUE;
      return NULL;
    }

  id = scan_dup_id (s, object, "id_participant");
  item_event = scan_dup_id (s, object, "id_event");
  date_id = scan_dup_id (s, object, "id_date");
  ticket_id = scan_dup_id (s, object, "id_ticket");
  barcode = scan_dup_id (s, object, "barcode");
  order_id = scan_dup_id (s, object, "id_transaction");
  deleted = scan_dup_string (s, object, "deleted");
  refund = scan_dup_string (s, object, "refund");
  if (id == NULL || s->odd)
    {
      s->odd = TRUE;
      return NULL;
    }

  if (g_strcmp0 (date_id, "0") == 0)
    g_clear_pointer (&date_id, g_free);

  if (owner != 0)
    {
      first_name = scan_dup_text (s, owner, "first_name");
      last_name = scan_dup_text (s, owner, "last_name");
      email = scan_dup_text (s, owner, "email");
    }
  if (buyer != 0 && first_name == NULL && last_name == NULL)
    {
      first_name = scan_dup_text (s, buyer, "acheteur_first_name");
      last_name = scan_dup_text (s, buyer, "acheteur_last_name");
      if (first_name == NULL && last_name == NULL)
        {
          first_name = scan_dup_text (s, buyer, "first_name");
          last_name = scan_dup_text (s, buyer, "last_name");
        }
    }
  if (buyer != 0 && email == NULL)
    {
      email = scan_dup_text (s, buyer, "email_acheteur");
      if (email == NULL)
        email = scan_dup_text (s, buyer, "email");
    }

  if (deleted != NULL && deleted[0] != '\0' && g_strcmp0 (deleted, "0") != 0 &&
      g_strcmp0 (deleted, "false") != 0)
    status = GUICHET_PARTICIPANT_STATUS_DELETED;
  else if (refund != NULL && refund[0] != '\0' && g_strcmp0 (refund, "0") != 0 &&
           g_strcmp0 (refund, "false") != 0)
    status = GUICHET_PARTICIPANT_STATUS_REFUNDED;
  else if (!scan_get_bool (s, object, "paid", TRUE))
    status = GUICHET_PARTICIPANT_STATUS_UNPAID;
  else
    status = GUICHET_PARTICIPANT_STATUS_VALID;

  if (control != 0)
    {
      control_state = scan_dup_string (s, control, "status");
      scan_date = scan_dup_date (s, control, "scan_date");
    }
  checked_in =
    (control_state != NULL && control_state[0] != '\0' && g_strcmp0 (control_state, "0") != 0) ||
    scan_date != NULL;
  answers = scan_answers (s, owner, buyer);

  if (s->odd)
    return NULL;

  fields.id = g_steal_pointer (&id);
  fields.event_id = event_id != NULL ? g_strdup (event_id) : g_steal_pointer (&item_event);
  fields.date_id = g_steal_pointer (&date_id);
  fields.barcode = g_steal_pointer (&barcode);
  fields.first_name = g_steal_pointer (&first_name);
  fields.last_name = g_steal_pointer (&last_name);
  fields.email = g_steal_pointer (&email);
  fields.ticket_type_id = g_steal_pointer (&ticket_id);
  fields.status = status;
  fields.checked_in = checked_in;
  fields.checked_in_at = checked_in ? g_steal_pointer (&scan_date) : NULL;
  fields.order_id = g_steal_pointer (&order_id);
  fields.answers = g_steal_pointer (&answers);
  return _guichet_participant_new_take (&fields);
}

/* A record the scanner could not read alone, the json-glib way: FALSE when
 * json-glib cannot parse it (the page must then go the json-glib way whole,
 * which fails as a whole); TRUE with *participant NULL when the record is to
 * be skipped. */
static gboolean
defer_participant (Scan                *s,
                   guint                object,
                   const char          *event_id,
                   GuichetParticipant **participant,
                   GError             **error)
{
  Tok *tok = scan_tok (s, object);
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  *participant = NULL;
  if (!json_parser_load_from_data (parser, s->data + tok->start, tok->end - tok->start, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  *participant = guichet_weezevent_parse_participant (json_node_get_object (root), event_id, error);
  return TRUE;
}

GuichetWeezeventParticipants *
_guichet_weezevent_scan_participants (GBytes     *bytes,
                                      const char *event_id,
                                      guint      *n_deferred)
{
  g_autoptr (GuichetWeezeventParticipants) page = NULL;
  g_autoptr (GArray) toks = NULL;
  Scan  s = { NULL };
  guint root, array, i, deferred = 0;
  Tok  *a;

  if (n_deferred != NULL)
    *n_deferred = 0;

  s.data = bytes != NULL ? g_bytes_get_data (bytes, &s.size) : NULL;
  /* a NUL byte fails the UTF-8 check too */
  if (s.data == NULL || s.size == 0 || s.size >= G_MAXUINT32 ||
      !g_utf8_validate_len (s.data, s.size, NULL))
    return NULL;

  /* about one token per 12 bytes */
  toks = g_array_sized_new (FALSE, FALSE, sizeof (Tok), s.size / 12 + 16);
  s.toks = toks;
  scan_push (&s, TOK_NULL, 0); /* 0 stands for "none" */
  scan_skip_ws (&s);
  root = s.toks->len;
  if (!scan_value (&s, 0))
    return NULL;
  scan_skip_ws (&s);
  if (s.pos != s.size || scan_tok (&s, root)->type != TOK_OBJECT)
    return NULL;

  array = scan_member (&s, root, "participants");
  if (s.odd || array == 0 || scan_tok (&s, array)->type != TOK_ARRAY)
    return NULL;

  a = scan_tok (&s, array);
  page = g_new0 (GuichetWeezeventParticipants, 1);
  page->participants = g_ptr_array_new_full (a->count, g_object_unref);
  page->n_records = a->count;
  page->server_time = scan_dup_date (&s, root, "server_time");
  if (s.odd)
    return NULL;

  i = array + 1;
  for (guint n = 0; n < page->n_records; n++, i = scan_tok (&s, i)->next)
    {
      g_autoptr (GError) local_error = NULL;
      GuichetParticipant *participant;

      if (scan_tok (&s, i)->type != TOK_OBJECT)
        {
          g_debug ("Skipping participant record %u: not an object", n);
          continue;
        }
      if (page->first_id == NULL)
        {
          s.odd = FALSE;
          page->first_id = scan_dup_id (&s, i, "id_participant");
          if (s.odd)
            return NULL;
        }

      participant = scan_participant (&s, i, event_id);
      if (participant == NULL)
        {
          g_assert (s.odd);
          deferred++;
          if (!defer_participant (&s, i, event_id, &participant, &local_error))
            return NULL;
        }
      if (participant == NULL)
        {
          g_debug ("Skipping participant record %u: %s", n,
                   local_error != NULL ? local_error->message : "unreadable");
          continue;
        }
      g_ptr_array_add (page->participants, participant);
    }

  if (n_deferred != NULL)
    *n_deferred = deferred;
  return g_steal_pointer (&page);
}
