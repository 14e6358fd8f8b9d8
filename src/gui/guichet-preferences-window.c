/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "guichet-application.h"
#include "guichet-preferences-window.h"

struct _GuichetPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  AdwEntryRow   *desk_name_row;
  AdwComboRow   *scanner_layout_row;
  AdwActionRow  *threshold_row;
  GtkSpinButton *threshold_spin;
  AdwEntryRow   *serial_device_row;
  AdwActionRow  *door_sound_row;
  GtkSwitch     *door_sound_switch;

  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (GuichetPreferencesWindow, guichet_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

/* The layouts a scanner is commonly set to: xkb layout names. */
static const struct
{
  const char *layout;
  const char *name;
} scanner_layouts[] = {
  { "us", N_("English (US)") },
  { "gb", N_("English (UK)") },
  { "fr", N_("French (AZERTY)") },
  { "be", N_("Belgian (AZERTY)") },
  { "de", N_("German (QWERTZ)") },
  { "ch", N_("Swiss (QWERTZ)") },
  { "es", N_("Spanish") },
  { "it", N_("Italian") },
  { "pt", N_("Portuguese") },
  { "nl", N_("Dutch") },
  { "cz", N_("Czech") },
};

static gboolean
layout_get_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char *layout = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (scanner_layouts); i++)
    {
      if (g_strcmp0 (scanner_layouts[i].layout, layout) == 0)
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  /* Unknown layout: show the default. */
  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
layout_set_mapping (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  guint i = g_value_get_uint (value);

  if (i >= G_N_ELEMENTS (scanner_layouts))
    return NULL;

  return g_variant_new_string (scanner_layouts[i].layout);
}

static gboolean
number_get_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  if (g_variant_is_of_type (variant, G_VARIANT_TYPE_INT32))
    g_value_set_double (value, g_variant_get_int32 (variant));
  else if (g_variant_is_of_type (variant, G_VARIANT_TYPE_UINT32))
    g_value_set_double (value, g_variant_get_uint32 (variant));
  else if (g_variant_is_of_type (variant, G_VARIANT_TYPE_DOUBLE))
    g_value_set_double (value, g_variant_get_double (variant));
  else
    return FALSE;

  return TRUE;
}

static GVariant *
number_set_mapping (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  double number = g_value_get_double (value);

  if (g_variant_type_equal (expected_type, G_VARIANT_TYPE_INT32))
    return g_variant_new_int32 ((gint32) CLAMP (number, G_MININT32, G_MAXINT32));
  if (g_variant_type_equal (expected_type, G_VARIANT_TYPE_UINT32))
    return g_variant_new_uint32 ((guint32) CLAMP (number, 0, G_MAXUINT32));
  if (g_variant_type_equal (expected_type, G_VARIANT_TYPE_DOUBLE))
    return g_variant_new_double (number);

  return NULL;
}

static void
guichet_preferences_window_bind (GuichetPreferencesWindow *self)
{
  GSettings *settings = self->settings;

  if (guichet_settings_has_key (settings, "desk-name"))
    g_settings_bind (settings, "desk-name", self->desk_name_row, "text", G_SETTINGS_BIND_DEFAULT);
  else
    gtk_widget_set_sensitive (GTK_WIDGET (self->desk_name_row), FALSE);

  if (guichet_settings_has_key (settings, "scanner-layout"))
    g_settings_bind_with_mapping (settings, "scanner-layout", self->scanner_layout_row, "selected",
                                  G_SETTINGS_BIND_DEFAULT, layout_get_mapping, layout_set_mapping,
                                  NULL, NULL);
  else
    gtk_widget_set_sensitive (GTK_WIDGET (self->scanner_layout_row), FALSE);

  if (guichet_settings_has_key (settings, "scanner-key-threshold-ms"))
    g_settings_bind_with_mapping (settings, "scanner-key-threshold-ms",
                                  gtk_spin_button_get_adjustment (self->threshold_spin), "value",
                                  G_SETTINGS_BIND_DEFAULT, number_get_mapping, number_set_mapping,
                                  NULL, NULL);
  else
    gtk_widget_set_sensitive (GTK_WIDGET (self->threshold_row), FALSE);

  if (guichet_settings_has_key (settings, "scanner-serial-device"))
    g_settings_bind (settings, "scanner-serial-device", self->serial_device_row, "text",
                     G_SETTINGS_BIND_DEFAULT);
  else
    gtk_widget_set_sensitive (GTK_WIDGET (self->serial_device_row), FALSE);

  if (guichet_settings_has_key (settings, "door-sound"))
    g_settings_bind (settings, "door-sound", self->door_sound_switch, "active",
                     G_SETTINGS_BIND_DEFAULT);
  else
    gtk_widget_set_sensitive (GTK_WIDGET (self->door_sound_row), FALSE);
}

static void
guichet_preferences_window_dispose (GObject *object)
{
  GuichetPreferencesWindow *self = GUICHET_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), GUICHET_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (guichet_preferences_window_parent_class)->dispose (object);
}

static void
guichet_preferences_window_class_init (GuichetPreferencesWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = guichet_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/guichet/Guichet/guichet-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GuichetPreferencesWindow, desk_name_row);
  gtk_widget_class_bind_template_child (widget_class, GuichetPreferencesWindow, scanner_layout_row);
  gtk_widget_class_bind_template_child (widget_class, GuichetPreferencesWindow, threshold_row);
  gtk_widget_class_bind_template_child (widget_class, GuichetPreferencesWindow, threshold_spin);
  gtk_widget_class_bind_template_child (widget_class, GuichetPreferencesWindow, serial_device_row);
  gtk_widget_class_bind_template_child (widget_class, GuichetPreferencesWindow, door_sound_row);
  gtk_widget_class_bind_template_child (widget_class, GuichetPreferencesWindow, door_sound_switch);
}

static void
guichet_preferences_window_init (GuichetPreferencesWindow *self)
{
  g_autoptr (GtkStringList) layouts = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (scanner_layouts); i++)
    gtk_string_list_append (layouts, _(scanner_layouts[i].name));

  adw_combo_row_set_model (self->scanner_layout_row, G_LIST_MODEL (layouts));

  if (g_strcmp0 (PROFILE, "Devel") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

GuichetPreferencesWindow *
guichet_preferences_window_new (GtkWindow *parent,
                                GSettings *settings)
{
  GuichetPreferencesWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (GUICHET_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  g_set_object (&self->settings, settings);
  guichet_preferences_window_bind (self);

  return self;
}
