/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-page"

#include "config.h"

#include "guichet-page.h"

typedef struct
{
  GuichetSession *session;
  GuichetEvent   *event;
} GuichetPagePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (GuichetPage, guichet_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_EVENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
guichet_page_dispose (GObject *object)
{
  GuichetPage        *self = GUICHET_PAGE (object);
  GuichetPagePrivate *priv = guichet_page_get_instance_private (self);

  g_clear_object (&priv->event);
  g_clear_object (&priv->session);

  G_OBJECT_CLASS (guichet_page_parent_class)->dispose (object);
}

static void
guichet_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  GuichetPage *self = GUICHET_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, guichet_page_get_session (self));
      break;
    case PROP_EVENT:
      g_value_set_object (value, guichet_page_get_event (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_page_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  GuichetPage *self = GUICHET_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      guichet_page_set_session (self, g_value_get_object (value));
      break;
    case PROP_EVENT:
      guichet_page_set_event (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_page_class_init (GuichetPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = guichet_page_dispose;
  object_class->get_property = guichet_page_get_property;
  object_class->set_property = guichet_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, GUICHET_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EVENT] =
    g_param_spec_object ("event", NULL, NULL, GUICHET_TYPE_EVENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
guichet_page_init (GuichetPage *self)
{
}

GuichetSession *
guichet_page_get_session (GuichetPage *self)
{
  GuichetPagePrivate *priv = guichet_page_get_instance_private (self);

  g_return_val_if_fail (GUICHET_IS_PAGE (self), NULL);

  return priv->session;
}

void
guichet_page_set_session (GuichetPage    *self,
                          GuichetSession *session)
{
  GuichetPagePrivate *priv = guichet_page_get_instance_private (self);

  g_return_if_fail (GUICHET_IS_PAGE (self));
  g_return_if_fail (session == NULL || GUICHET_IS_SESSION (session));

  if (!g_set_object (&priv->session, session))
    return;

  if (GUICHET_PAGE_GET_CLASS (self)->session_changed != NULL)
    GUICHET_PAGE_GET_CLASS (self)->session_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

GuichetEvent *
guichet_page_get_event (GuichetPage *self)
{
  GuichetPagePrivate *priv = guichet_page_get_instance_private (self);

  g_return_val_if_fail (GUICHET_IS_PAGE (self), NULL);

  return priv->event;
}

void
guichet_page_set_event (GuichetPage  *self,
                        GuichetEvent *event)
{
  GuichetPagePrivate *priv = guichet_page_get_instance_private (self);

  g_return_if_fail (GUICHET_IS_PAGE (self));
  g_return_if_fail (event == NULL || GUICHET_IS_EVENT (event));

  /* The same event read again after a sync is a new object: the page
   * refreshes. */
  if (!g_set_object (&priv->event, event))
    return;

  if (GUICHET_PAGE_GET_CLASS (self)->event_changed != NULL)
    GUICHET_PAGE_GET_CLASS (self)->event_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENT]);
}

GuichetStore *
guichet_page_get_store (GuichetPage *self)
{
  GuichetPagePrivate *priv = guichet_page_get_instance_private (self);

  g_return_val_if_fail (GUICHET_IS_PAGE (self), NULL);

  return priv->session != NULL ? guichet_session_get_store (priv->session) : NULL;
}

GuichetAccount *
guichet_page_get_account (GuichetPage *self)
{
  GuichetPagePrivate *priv = guichet_page_get_instance_private (self);

  g_return_val_if_fail (GUICHET_IS_PAGE (self), NULL);

  if (priv->session == NULL || priv->event == NULL)
    return NULL;

  return guichet_session_lookup_account (priv->session, guichet_event_get_account_id (priv->event));
}

void
guichet_page_add_toast (GuichetPage *self,
                        AdwToast    *toast)
{
  GtkWidget *overlay;

  g_return_if_fail (GUICHET_IS_PAGE (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    {
      g_debug ("No toast overlay for: %s", adw_toast_get_title (toast));
      g_object_unref (toast);
      return;
    }

  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

void
guichet_page_show_error (GuichetPage *self,
                         const char  *message)
{
  AdwToast *toast;

  g_return_if_fail (GUICHET_IS_PAGE (self));
  g_return_if_fail (message != NULL);

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 0);
  guichet_page_add_toast (self, toast);
}
