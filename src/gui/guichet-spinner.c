/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-spinner"

#include "config.h"

#include "guichet-spinner.h"

#define BUSY_KEY "guichet-spinner-busy"

static void
update_spinning (GtkSpinner *spinner)
{
  gboolean busy = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (spinner), BUSY_KEY)) == 2;

  gtk_spinner_set_spinning (spinner, busy && gtk_widget_get_mapped (GTK_WIDGET (spinner)));
}

void
guichet_spinner_set_busy (GtkSpinner *spinner,
                          gboolean    busy)
{
  g_return_if_fail (GTK_IS_SPINNER (spinner));

  if (g_object_get_data (G_OBJECT (spinner), BUSY_KEY) == NULL)
    {
      /* First call: follow the spinner on and off the screen from now on. */
      g_signal_connect (spinner, "map", G_CALLBACK (update_spinning), NULL);
      g_signal_connect (spinner, "unmap", G_CALLBACK (update_spinning), NULL);
    }
  /* Stored as 1 or 2 so that "never set" (NULL) stays distinct. */
  g_object_set_data (G_OBJECT (spinner), BUSY_KEY, GINT_TO_POINTER (busy ? 2 : 1));
  update_spinning (spinner);
}
