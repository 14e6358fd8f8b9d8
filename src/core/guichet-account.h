/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-types.h"

G_BEGIN_DECLS

#define GUICHET_TYPE_ACCOUNT (guichet_account_get_type ())
G_DECLARE_FINAL_TYPE (GuichetAccount, guichet_account, GUICHET, ACCOUNT, GObject)

/* Built with g_object_new (GUICHET_TYPE_ACCOUNT, "prop", value, ..., NULL);
 * every property is read-write, construct-free, and notifies only on change. */
const char *           guichet_account_get_id (GuichetAccount *self);
const char *           guichet_account_get_provider (GuichetAccount *self);
const char *           guichet_account_get_name (GuichetAccount *self);
const char *           guichet_account_get_base_url (GuichetAccount *self);
const char *           guichet_account_get_username (GuichetAccount *self);
const char *           guichet_account_get_email (GuichetAccount *self);

/* A new random account id (text, unique). */
char                  *guichet_account_generate_id (void);

G_END_DECLS
