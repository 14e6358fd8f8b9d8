/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GUICHET_TYPE_PREFERENCES_WINDOW (guichet_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (GuichetPreferencesWindow, guichet_preferences_window, GUICHET, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* @settings: the application's settings, or NULL (the rows are then insensitive). */
GuichetPreferencesWindow *guichet_preferences_window_new (GtkWindow *parent,
                                                          GSettings *settings);

G_END_DECLS
