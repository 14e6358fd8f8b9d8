/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-csv"

#include "config.h"

#include <string.h>

#include "guichet-csv-writer.h"

/* Rows pile up in memory up to this size, then go to the stream in one
 * write: a 100,000-row export makes a few hundred writes, not 100,000. */
#define FLUSH_AT (64 * 1024)

struct _GuichetCsvWriter
{
  GOutputStream *stream;
  GString       *buffer;
};

GuichetCsvWriter *
guichet_csv_writer_new (GOutputStream *stream)
{
  GuichetCsvWriter *self;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);

  self = g_new0 (GuichetCsvWriter, 1);
  self->stream = g_object_ref (stream);
  self->buffer = g_string_sized_new (FLUSH_AT + 4096);

  return self;
}

void
guichet_csv_writer_free (GuichetCsvWriter *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->stream);
  g_string_free (self->buffer, TRUE);
  g_free (self);
}

void
guichet_csv_append_field (GString    *out,
                          const char *field)
{
  g_autofree char *valid = NULL;
  gboolean         formula;
  gboolean         quote;

  g_return_if_fail (out != NULL);

  if (field == NULL || *field == '\0')
    return;

  if (!g_utf8_validate (field, -1, NULL))
    field = valid = g_utf8_make_valid (field, -1);

  /* OWASP's list: a spreadsheet starts a formula (or a DDE call) on these */
  formula = strchr ("=+-@\t\r", field[0]) != NULL;
  quote = strpbrk (field, ",\"\r\n") != NULL;

  if (quote)
    g_string_append_c (out, '"');
  if (formula)
    g_string_append_c (out, '\'');

  if (!quote)
    g_string_append (out, field);
  else
    for (const char *p = field; *p != '\0'; p++)
      {
        if (*p == '"')
          g_string_append_c (out, '"');
        g_string_append_c (out, *p);
      }

  if (quote)
    g_string_append_c (out, '"');
}

gboolean
guichet_csv_writer_flush (GuichetCsvWriter *self,
                          GCancellable     *cancellable,
                          GError          **error)
{
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->buffer->len == 0)
    return TRUE;

  ok = g_output_stream_write_all (self->stream, self->buffer->str, self->buffer->len, NULL,
                                  cancellable, error);
  g_string_truncate (self->buffer, 0);

  return ok;
}

gboolean
guichet_csv_writer_add_row (GuichetCsvWriter   *self,
                            const char * const *fields,
                            gsize               n_fields,
                            GCancellable       *cancellable,
                            GError            **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (fields != NULL || n_fields == 0, FALSE);

  for (gsize i = 0; i < n_fields; i++)
    {
      if (i > 0)
        g_string_append_c (self->buffer, ',');
      guichet_csv_append_field (self->buffer, fields[i]);
    }
  g_string_append (self->buffer, "\r\n");

  if (self->buffer->len >= FLUSH_AT)
    return guichet_csv_writer_flush (self, cancellable, error);

  return TRUE;
}
