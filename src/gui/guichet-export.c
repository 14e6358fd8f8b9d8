/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-export"

#include "config.h"

#include <glib/gi18n.h>

#include "guichet-export.h"

/* One export, from the file chooser to the last toast. It holds the page
 * (and through it the window) until it is over. */
typedef struct
{
  GuichetPage          *page;
  GuichetEvent         *event;
  GtkFileChooserNative *chooser;
  GFile                *file;
  AdwToast             *progress;
} Export;

static void
export_free (Export *export)
{
  g_clear_object (&export->page);
  g_clear_object (&export->event);
  g_clear_object (&export->chooser);
  g_clear_object (&export->file);
  g_clear_object (&export->progress);
  g_free (export);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Export, export_free)

static void
on_progress (guint64  done,
             guint64  total,
             gpointer user_data)
{
  Export          *export = user_data;
  g_autofree char *title = NULL;

  if (total == 0)
    return;
  /* Translators: %u is a percentage: how much of the export is written */
  title = g_strdup_printf (_("Exporting participants… %u %%"), (guint) (done * 100 / total));
  adw_toast_set_title (export->progress, title);
}

static void
on_open_clicked (AdwToast *toast,
                 GFile    *file)
{
  GtkWindow       *window = g_object_get_data (G_OBJECT (toast), "window");
  g_autofree char *uri = g_file_get_uri (file);

  gtk_show_uri (window, uri, GDK_CURRENT_TIME);
}

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (Export) export = user_data;
  g_autoptr (GError) error = NULL;
  GtkRoot         *root = gtk_widget_get_root (GTK_WIDGET (export->page));
  g_autofree char *name = g_file_get_basename (export->file);
  g_autofree char *title = NULL;
  AdwToast        *toast;
  gint64           written;

  written = guichet_participant_export_finish (result, &error);
  adw_toast_dismiss (export->progress);

  if (written < 0)
    {
      GtkWidget *dialog;

      if (root == NULL)
        return;
      dialog = adw_message_dialog_new (GTK_WINDOW (root), _("Could Not Export the Participants"),
                                                            error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  /* Translators: %d is a number of participants, %s a file name */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %d participant to %s",
                                        "Exported %d participants to %s", (gulong) written),
                           (int) written, name);
  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, 10);
  if (root != NULL)
    {
      adw_toast_set_button_label (toast, _("_Open"));
      g_object_set_data (G_OBJECT (toast), "window", root);
      g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_open_clicked),
                             g_object_ref (export->file),
                             (GClosureNotify) (void (*) (void)) g_object_unref, 0);
    }
  guichet_page_add_toast (export->page, toast);
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     gpointer         user_data)
{
  g_autoptr (Export) export = user_data;
  GuichetStore *store = guichet_page_get_store (export->page);

  if (response != GTK_RESPONSE_ACCEPT || store == NULL)
    return;

  export->file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (export->file == NULL)
    return;

  export->progress = g_object_ref (adw_toast_new (_("Exporting participants…")));
  adw_toast_set_timeout (export->progress, 0);
  guichet_page_add_toast (export->page, g_object_ref (export->progress));

  guichet_participant_export_async (store, guichet_event_get_account_id (export->event),
                                    guichet_event_get_id (export->event), export->file, on_progress,
                                    export, NULL, on_exported, export);
  g_steal_pointer (&export);
}

/* "Festival des Lumières.csv": the event's name, made safe as a file name */
static char *
suggested_name (GuichetEvent *event)
{
  g_autofree char *name = g_strdup (guichet_event_get_name (event) ?: guichet_event_get_id (event));

  g_strdelimit (name, "/\\:*?\"<>|", '-');
  return g_strconcat (g_strstrip (name), ".csv", NULL);
}

void
guichet_export_participants (GuichetPage *page)
{
  GuichetEvent *event;
  g_autoptr (Export) export = NULL;
  g_autoptr (GtkFileFilter) csv = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  GtkRoot         *root;

  g_return_if_fail (GUICHET_IS_PAGE (page));

  event = guichet_page_get_event (page);
  root = gtk_widget_get_root (GTK_WIDGET (page));
  if (event == NULL || guichet_page_get_store (page) == NULL)
    return;

  export = g_new0 (Export, 1);
  export->page = g_object_ref (page);
  export->event = g_object_ref (event);
  export->chooser =
    gtk_file_chooser_native_new (_("Export Participants"),
                                   GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (export->chooser), TRUE);
  name = suggested_name (event);
  {
    const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
    g_autoptr (GFile) folder = g_file_new_for_path (
      documents != NULL && g_file_test (documents, G_FILE_TEST_IS_DIR) ? documents
                                                                       : g_get_home_dir ());

    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (export->chooser), folder, NULL);
  }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (export->chooser), name);
  gtk_file_filter_set_name (csv, _("CSV files"));
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (export->chooser), csv);

  g_signal_connect (export->chooser, "response", G_CALLBACK (on_chooser_response), export);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (export->chooser));
  g_steal_pointer (&export);
}
