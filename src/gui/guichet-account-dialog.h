/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "guichet-window.h"

G_BEGIN_DECLS

#define GUICHET_TYPE_ACCOUNT_DIALOG (guichet_account_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GuichetAccountDialog, guichet_account_dialog, GUICHET, ACCOUNT_DIALOG, AdwWindow)

/* Adds an account: platform (from a list), name, login, secrets and, where
 * the platform has several, its server. On success the
 * account is saved, the window reloaded and a sync of it started. */
GuichetAccountDialog *guichet_account_dialog_new        (GuichetWindow  *window);
/* Signs @account in again: only the secrets are asked for (the server and
 * login are prefilled); the keyring's secrets are replaced. @refused: the
 * platform refused the saved credentials (the dialog says so), rather than
 * the user asking by hand. */
GuichetAccountDialog *guichet_account_dialog_new_reauth (GuichetWindow  *window,
                                                         GuichetAccount *account,
                                                         gboolean        refused);

G_END_DECLS
