/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "guichet-core.h"

G_BEGIN_DECLS

#define GUICHET_TYPE_APPLICATION (guichet_application_get_type ())
G_DECLARE_FINAL_TYPE (GuichetApplication, guichet_application, GUICHET, APPLICATION, AdwApplication)

GuichetApplication *guichet_application_new             (void);
/* NULL when the database could not be opened (see get_store_error). */
GuichetStore       *guichet_application_get_store       (GuichetApplication *self);
const GError       *guichet_application_get_store_error (GuichetApplication *self);
GuichetHttpClient  *guichet_application_get_http_client (GuichetApplication *self);
/* What the window, its pages and dialogs share (store, providers, syncs). */
GuichetSession     *guichet_application_get_session     (GuichetApplication *self);
/* The application's settings, or NULL when the schema is not installed. */
GSettings          *guichet_application_get_settings    (GuichetApplication *self);
/* Whether @settings (may be NULL) has @key: a schema installed by an
 * older build may lack it, and GSettings aborts on an unknown key. */
gboolean            guichet_settings_has_key            (GSettings          *settings,
                                                         const char         *key);

G_END_DECLS
