/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Rows of RFC 4180 CSV on an output stream: UTF-8, fields separated by
 * commas, records ended by CRLF. A field holding a comma, a double quote,
 * CR or LF is quoted, its quotes doubled. A text field that a spreadsheet
 * would read as a formula (first character =, +, -, @, Tab or CR) gets a
 * leading apostrophe so that it stays text. Invalid UTF-8 is repaired
 * (U+FFFD). Output is buffered; guichet_csv_writer_flush() writes it out. */
typedef struct _GuichetCsvWriter GuichetCsvWriter;

GuichetCsvWriter *guichet_csv_writer_new        (GOutputStream       *stream);
void              guichet_csv_writer_free       (GuichetCsvWriter    *self);
/* One record of @n_fields fields (a NULL field is empty). */
gboolean          guichet_csv_writer_add_row    (GuichetCsvWriter    *self,
                                                 const char * const  *fields,
                                                 gsize                n_fields,
                                                 GCancellable        *cancellable,
                                                 GError             **error);
gboolean          guichet_csv_writer_flush      (GuichetCsvWriter    *self,
                                                 GCancellable        *cancellable,
                                                 GError             **error);
/* Appends one field, quoted and protected as above, to @out. */
void              guichet_csv_append_field      (GString             *out,
                                                 const char          *field);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GuichetCsvWriter, guichet_csv_writer_free)

G_END_DECLS
