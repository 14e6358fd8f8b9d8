/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-window"

#include "config.h"

#include "guichet-window-private.h"

static void
guichet_window_sync_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  _guichet_window_sync_selected (GUICHET_WINDOW (widget));
}

void
_guichet_window_class_actions_init (GuichetWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.sync", NULL,
                                   guichet_window_sync_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "win.sync", NULL);
}
