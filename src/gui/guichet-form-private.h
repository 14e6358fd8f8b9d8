/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "guichet-core.h"

G_BEGIN_DECLS

/* Helpers shared by the editors' forms (discounts, vouchers, issuing). A
 * field is a row and a label under it that holds its message. */

/* @message NULL clears: the row loses its error style, the label hides.
 * Otherwise the row is styled "error", the label says @message and the
 * row's accessible description too (screen readers, UI tests). */
void  _guichet_form_set_error          (GtkWidget          *row,
                                        GtkLabel           *label,
                                        const char         *message);
/* The server's messages for a field known by any of @aliases (a provider
 * names the same field "valid_to" or "expires"), one per line, or NULL.
 * Each field found is added to @used. */
char *_guichet_form_field_messages     (const GError       *error,
                                        const char * const *aliases,
                                        GHashTable         *used);
/* The message for the whole form: the error's own message, and the
 * fields no row showed ("field: message" lines). */
char *_guichet_form_general_message    (const GError       *error,
                                        GHashTable         *used);
/* Names an entry row's text field after the row's title, for screen
 * readers (AdwEntryRow 1.2 leaves it unnamed). Call again when the title
 * changes. */
void  _guichet_form_label_entry_row    (AdwEntryRow        *row);
/* Trimmed text of an editable (newly allocated). */
char *_guichet_form_dup_text           (GtkEditable        *editable);
/* Leaves of the event's category tree (ticket types), from the store, in
 * tree order. */
GPtrArray *_guichet_form_list_ticket_types (GuichetStore   *store,
                                            GuichetEvent   *event);

/* A new object of @object's type with every readable and writable
 * property copied (an edit starts from what the platform sent). */
gpointer   _guichet_form_copy_object       (gpointer        object);

G_END_DECLS
