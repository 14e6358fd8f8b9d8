/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-providers"

#include "config.h"

#include <glib/gi18n.h>

#include "guichet-providers.h"

#include "guichet-demo-provider.h"
#include "guichet-tickettailor-provider.h"
#include "guichet-goevent-provider.h"
#include "guichet-fourvenues-provider.h"
#include "guichet-oveit-provider.h"
#include "guichet-weezevent-provider.h"

/* The one table that names the platforms, in display order. To add one,
 * include its header above and add a line here (before "demo", which stays
 * last). */
static const GuichetProviderEntry provider_entries[] = {
  { "weezevent", guichet_weezevent_provider_get_type },
  { "tickettailor", guichet_tickettailor_provider_get_type },
  { "goevent", guichet_goevent_provider_get_type },
  { "fourvenues", guichet_fourvenues_provider_get_type },
  { "oveit", guichet_oveit_provider_get_type },
  { "demo", guichet_demo_provider_get_type },
};

static const GuichetProviderEntry *
find_entry (const char *kind)
{
  if (kind == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (provider_entries); i++)
    if (g_str_equal (provider_entries[i].kind, kind))
      return &provider_entries[i];

  return NULL;
}

const char * const *
guichet_providers_get_kinds (void)
{
  static const char **kinds = NULL;

  if (g_once_init_enter (&kinds))
    {
      const char **list = g_new0 (const char *, G_N_ELEMENTS (provider_entries) + 1);

      for (guint i = 0; i < G_N_ELEMENTS (provider_entries); i++)
        list[i] = provider_entries[i].kind;

      g_once_init_leave (&kinds, list);
    }

  return (const char * const *) kinds;
}

GType
guichet_providers_lookup (const char *kind)
{
  const GuichetProviderEntry *entry = find_entry (kind);

  if (entry == NULL)
    return G_TYPE_INVALID;

  return entry->get_type ();
}

GuichetProviderClass *
guichet_providers_get_class (const char *kind)
{
  GType    type = guichet_providers_lookup (kind);
  gpointer klass;

  if (type == G_TYPE_INVALID)
    return NULL;

  /* Provider classes are static types: once referenced, they stay. */
  klass = g_type_class_peek (type);
  if (klass == NULL)
    klass = g_type_class_ref (type);

  return GUICHET_PROVIDER_CLASS (klass);
}

GuichetProvider *
guichet_providers_create (GuichetAccount    *account,
                          GuichetHttpClient *http_client,
                          GError           **error)
{
  const char *kind;
  GType       type;

  g_return_val_if_fail (GUICHET_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (http_client == NULL || GUICHET_IS_HTTP_CLIENT (http_client), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  kind = guichet_account_get_provider (account);
  type = guichet_providers_lookup (kind);
  if (type == G_TYPE_INVALID)
    {
      g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_INVALID_INPUT,
                   /* Translators: %s is a provider kind such as "weezevent" */
                   _("Unknown ticketing platform “%s”."), kind ? kind : "");
      return NULL;
    }

  return g_object_new (type, "account", account, "http-client", http_client, NULL);
}
