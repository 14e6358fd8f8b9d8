/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-account"

#include "config.h"

#include "guichet-account.h"
#include "guichet-util-private.h"

struct _GuichetAccount
{
  GObject parent_instance;

  char *id;
  char *provider;
  char *name;
  char *base_url;
  char *username;
  char *email;
};

G_DEFINE_FINAL_TYPE (GuichetAccount, guichet_account, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_PROVIDER,
  PROP_NAME,
  PROP_BASE_URL,
  PROP_USERNAME,
  PROP_EMAIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
guichet_account_finalize (GObject *object)
{
  GuichetAccount *self = GUICHET_ACCOUNT (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->provider, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->email, g_free);

  G_OBJECT_CLASS (guichet_account_parent_class)->finalize (object);
}

static void
guichet_account_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  GuichetAccount *self = GUICHET_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_PROVIDER:
      g_value_set_string (value, self->provider);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;

    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_account_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  GuichetAccount *self = GUICHET_ACCOUNT (object);
  gboolean        changed = FALSE;

  switch (prop_id)
    {
    case PROP_ID:
      changed = _guichet_set_string (&self->id, g_value_get_string (value));
      break;

    case PROP_PROVIDER:
      changed = _guichet_set_string (&self->provider, g_value_get_string (value));
      break;

    case PROP_NAME:
      changed = _guichet_set_string (&self->name, g_value_get_string (value));
      break;

    case PROP_BASE_URL:
      changed = _guichet_set_string (&self->base_url, g_value_get_string (value));
      break;

    case PROP_USERNAME:
      changed = _guichet_set_string (&self->username, g_value_get_string (value));
      break;

    case PROP_EMAIL:
      changed = _guichet_set_string (&self->email, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  if (changed)
    g_object_notify_by_pspec (object, pspec);
}

static void
guichet_account_class_init (GuichetAccountClass *klass)
{
  GObjectClass     *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = guichet_account_finalize;
  object_class->get_property = guichet_account_get_property;
  object_class->set_property = guichet_account_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);

  properties[PROP_PROVIDER] = g_param_spec_string ("provider", NULL, NULL, NULL, flags);

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);

  properties[PROP_BASE_URL] = g_param_spec_string ("base-url", NULL, NULL, NULL, flags);

  properties[PROP_USERNAME] = g_param_spec_string ("username", NULL, NULL, NULL, flags);

  properties[PROP_EMAIL] = g_param_spec_string ("email", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
guichet_account_init (GuichetAccount *self)
{
}

const char *
guichet_account_get_id (GuichetAccount *self)
{
  g_return_val_if_fail (GUICHET_IS_ACCOUNT (self), NULL);

  return self->id;
}

const char *
guichet_account_get_provider (GuichetAccount *self)
{
  g_return_val_if_fail (GUICHET_IS_ACCOUNT (self), NULL);

  return self->provider;
}

const char *
guichet_account_get_name (GuichetAccount *self)
{
  g_return_val_if_fail (GUICHET_IS_ACCOUNT (self), NULL);

  return self->name;
}

const char *
guichet_account_get_base_url (GuichetAccount *self)
{
  g_return_val_if_fail (GUICHET_IS_ACCOUNT (self), NULL);

  return self->base_url;
}

const char *
guichet_account_get_username (GuichetAccount *self)
{
  g_return_val_if_fail (GUICHET_IS_ACCOUNT (self), NULL);

  return self->username;
}

const char *
guichet_account_get_email (GuichetAccount *self)
{
  g_return_val_if_fail (GUICHET_IS_ACCOUNT (self), NULL);

  return self->email;
}

char *
guichet_account_generate_id (void)
{
  return g_uuid_string_random ();
}
