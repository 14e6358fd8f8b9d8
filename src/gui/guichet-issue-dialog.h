/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "guichet-page.h"

G_BEGIN_DECLS

/* Issues one ticket at the box office: a ticket type (with its price), the
 * holder's name and e-mail, a confirmation; then the platform issues it,
 * the store gets it at once (the door admits it before the next sync) and
 * the dialog shows the new ticket: its holder, its barcode and the
 * barcode's QR code. Emits "issued" with the new participant. */

#define GUICHET_TYPE_ISSUE_DIALOG (guichet_issue_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GuichetIssueDialog, guichet_issue_dialog, GUICHET, ISSUE_DIALOG, AdwWindow)

/* @ticket_types: GuichetTicketCategory leaves of @event. */
GuichetIssueDialog *guichet_issue_dialog_new (GtkWindow       *parent,
                                              GuichetProvider *provider,
                                              GuichetStore    *store,
                                              GuichetEvent    *event,
                                              GPtrArray       *ticket_types);

/* For the window's "Issue a Ticket…": gets the provider of @page's account
 * from the session, then presents the dialog for @page's event with its
 * ticket types. @issued_cb is connected to "issued" with @object as its
 * data, and disconnected when @object goes away. Errors go to a toast. */
void                guichet_issue_dialog_open (GuichetPage     *page,
                                               GCallback        issued_cb,
                                               gpointer         object);

G_END_DECLS
