/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-event-row"

#include "config.h"

#include <glib/gi18n.h>

#include "guichet-dates.h"
#include "guichet-event-row.h"

struct _GuichetEventRow
{
  GtkListBoxRow parent_instance;

  /* Template widgets */
  GtkLabel *name_label;
  GtkLabel *date_label;

  GuichetEvent *event;
};

G_DEFINE_FINAL_TYPE (GuichetEventRow, guichet_event_row, GTK_TYPE_LIST_BOX_ROW)

enum
{
  PROP_0,
  PROP_EVENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
guichet_event_row_constructed (GObject *object)
{
  GuichetEventRow *self = GUICHET_EVENT_ROW (object);
  const char      *name = guichet_event_get_name (self->event);
  g_autofree char *date = NULL;

  G_OBJECT_CLASS (guichet_event_row_parent_class)->constructed (object);

  if (name == NULL || *name == '\0')
    name = _("Untitled event");
  date = guichet_dates_format (guichet_event_get_start (self->event), FALSE);

  gtk_label_set_label (self->name_label, name);
  gtk_label_set_label (self->date_label, date != NULL ? date : "");
  gtk_widget_set_visible (GTK_WIDGET (self->date_label), date != NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static void
guichet_event_row_dispose (GObject *object)
{
  GuichetEventRow *self = GUICHET_EVENT_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), GUICHET_TYPE_EVENT_ROW);
  g_clear_object (&self->event);

  G_OBJECT_CLASS (guichet_event_row_parent_class)->dispose (object);
}

static void
guichet_event_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GuichetEventRow *self = GUICHET_EVENT_ROW (object);

  switch (prop_id)
    {
    case PROP_EVENT:
      g_value_set_object (value, self->event);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_event_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  GuichetEventRow *self = GUICHET_EVENT_ROW (object);

  switch (prop_id)
    {
    case PROP_EVENT:
      self->event = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_event_row_class_init (GuichetEventRowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = guichet_event_row_constructed;
  object_class->dispose = guichet_event_row_dispose;
  object_class->get_property = guichet_event_row_get_property;
  object_class->set_property = guichet_event_row_set_property;

  properties[PROP_EVENT] =
    g_param_spec_object ("event", NULL, NULL, GUICHET_TYPE_EVENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/guichet/Guichet/guichet-event-row.ui");
  gtk_widget_class_bind_template_child (widget_class, GuichetEventRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetEventRow, date_label);
}

static void
guichet_event_row_init (GuichetEventRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
guichet_event_row_new (GuichetEvent *event)
{
  g_return_val_if_fail (GUICHET_IS_EVENT (event), NULL);

  return g_object_new (GUICHET_TYPE_EVENT_ROW, "event", event, NULL);
}

GuichetEvent *
guichet_event_row_get_event (GuichetEventRow *self)
{
  g_return_val_if_fail (GUICHET_IS_EVENT_ROW (self), NULL);

  return self->event;
}
