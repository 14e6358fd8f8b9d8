/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-core.h"

G_BEGIN_DECLS

/* The table of providers: the only place that names the platforms. */

typedef struct
{
  const char *kind;              /* "weezevent" */
  GType     (*get_type) (void);
} GuichetProviderEntry;

/* NULL-terminated list of the kinds, in display order. */
const char * const  *guichet_providers_get_kinds   (void);
/* G_TYPE_INVALID when unknown. */
GType                guichet_providers_lookup      (const char        *kind);
/* The class of a kind (for its credentials, display name, default base URL), or NULL. */
GuichetProviderClass *guichet_providers_get_class  (const char        *kind);
/* A provider for @account, sharing @http_client (may be NULL for the demo).
 * GUICHET_ERROR_INVALID_INPUT when the account's kind is unknown. */
GuichetProvider     *guichet_providers_create      (GuichetAccount    *account,
                                                    GuichetHttpClient *http_client,
                                                    GError           **error);

G_END_DECLS
