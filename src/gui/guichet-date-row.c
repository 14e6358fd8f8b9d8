/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-date-row"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "guichet-date-row.h"

struct _GuichetDateRow
{
  AdwActionRow parent_instance;

  GtkMenuButton *button;
  GtkCalendar   *calendar;
  GDateTime     *date;
};

G_DEFINE_FINAL_TYPE (GuichetDateRow, guichet_date_row, ADW_TYPE_ACTION_ROW)

enum
{
  PROP_0,
  PROP_DATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_subtitle (GuichetDateRow *self)
{
  g_autofree char *text = NULL;

  if (self->date != NULL)
    /* Translators: a day, as strftime() writes it: "Thursday 31 December 2026" */
    text = g_date_time_format (self->date, _("%A %e %B %Y"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self),
                               text != NULL ? g_strstrip (text) : C_("expiry", "Never"));
}

static void
on_day_selected (GtkCalendar    *calendar,
                 GuichetDateRow *self)
{
  g_autoptr (GDateTime) picked = gtk_calendar_get_date (calendar);
  g_autoptr (GDateTime) day =
    g_date_time_new_local (g_date_time_get_year (picked), g_date_time_get_month (picked),
                           g_date_time_get_day_of_month (picked), 0, 0, 0);

  guichet_date_row_set_date (self, day);
  gtk_menu_button_popdown (self->button);
}

static void
on_clear_clicked (GtkButton      *button,
                  GuichetDateRow *self)
{
  guichet_date_row_set_date (self, NULL);
  gtk_menu_button_popdown (self->button);
}

static void
guichet_date_row_dispose (GObject *object)
{
  GuichetDateRow *self = GUICHET_DATE_ROW (object);

  g_clear_pointer (&self->date, g_date_time_unref);

  G_OBJECT_CLASS (guichet_date_row_parent_class)->dispose (object);
}

static void
guichet_date_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GuichetDateRow *self = GUICHET_DATE_ROW (object);

  switch (prop_id)
    {
    case PROP_DATE:
      g_value_set_boxed (value, self->date);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_date_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  GuichetDateRow *self = GUICHET_DATE_ROW (object);

  switch (prop_id)
    {
    case PROP_DATE:
      guichet_date_row_set_date (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_date_row_class_init (GuichetDateRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = guichet_date_row_dispose;
  object_class->get_property = guichet_date_row_get_property;
  object_class->set_property = guichet_date_row_set_property;

  properties[PROP_DATE] =
    g_param_spec_boxed ("date", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
guichet_date_row_init (GuichetDateRow *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *clear = gtk_button_new_with_mnemonic (_("_No Expiry"));

  self->calendar = GTK_CALENDAR (gtk_calendar_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->calendar));
  gtk_box_append (GTK_BOX (box), clear);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  g_signal_connect_object (self->calendar, "day-selected", G_CALLBACK (on_day_selected), self, 0);
  g_signal_connect_object (clear, "clicked", G_CALLBACK (on_clear_clicked), self, 0);

  self->button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_icon_name (self->button, "x-office-calendar-symbolic");
  gtk_menu_button_set_popover (self->button, popover);
  gtk_widget_set_valign (GTK_WIDGET (self->button), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->button), "flat");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), _("Pick a Day"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Pick a Day"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), GTK_WIDGET (self->button));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self), GTK_WIDGET (self->button));

  update_subtitle (self);
}

GDateTime *
guichet_date_row_get_date (GuichetDateRow *self)
{
  g_return_val_if_fail (GUICHET_IS_DATE_ROW (self), NULL);

  return self->date;
}

void
guichet_date_row_set_date (GuichetDateRow *self,
                           GDateTime      *date)
{
  g_return_if_fail (GUICHET_IS_DATE_ROW (self));

  if (date == self->date ||
      (date != NULL && self->date != NULL && g_date_time_equal (date, self->date)))
    return;

  g_clear_pointer (&self->date, g_date_time_unref);
  if (date != NULL)
    {
      self->date = g_date_time_ref (date);
      g_signal_handlers_block_by_func (self->calendar, on_day_selected, self);
      gtk_calendar_select_day (self->calendar, date);
      g_signal_handlers_unblock_by_func (self->calendar, on_day_selected, self);
    }
  update_subtitle (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
}

void
guichet_date_row_set_iso (GuichetDateRow *self,
                          const char     *iso)
{
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GDateTime) parsed = NULL;
  g_autoptr (GDateTime) day = NULL;

  g_return_if_fail (GUICHET_IS_DATE_ROW (self));

  if (iso != NULL && strlen (iso) == 10)
    {
      g_autofree char *full = g_strconcat (iso, "T00:00:00", NULL);

      parsed = g_date_time_new_from_iso8601 (full, utc);
    }
  else if (iso != NULL)
    parsed = g_date_time_new_from_iso8601 (iso, utc);

  /* The day as written, whatever its offset */
  if (parsed != NULL)
    day = g_date_time_new_local (g_date_time_get_year (parsed), g_date_time_get_month (parsed),
                                 g_date_time_get_day_of_month (parsed), 0, 0, 0);
  guichet_date_row_set_date (self, day);
}

char *
guichet_date_row_dup_end_iso (GuichetDateRow *self)
{
  g_autoptr (GDateTime) end = NULL;

  g_return_val_if_fail (GUICHET_IS_DATE_ROW (self), NULL);

  if (self->date == NULL)
    return NULL;

  end = g_date_time_add_full (self->date, 0, 0, 0, 23, 59, 59);
  return g_date_time_format (end, "%Y-%m-%dT%H:%M:%S%:z");
}
