/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-export"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "guichet-check-in.h"
#include "guichet-csv-writer.h"
#include "guichet-error.h"
#include "guichet-participant-export.h"
#include "guichet-participant.h"
#include "guichet-store.h"

/* Progress every this many rows */
#define PROGRESS_EVERY 500

static const char * const columns[] = {
  "id",          "barcode", "first_name", "last_name",  "email",         "ticket_type_id",
  "ticket_type", "date_id", "status",     "checked_in", "admitted_here", "checked_in_at",
  "order_id",    "answers", NULL,
};

const char * const *
guichet_participant_export_get_columns (void)
{
  return columns;
}

/* The codes this machine's desks admitted and that are still inside (the
 * newest journal entry of each code is an admission, not undone). */
static GHashTable *
admitted_here (GuichetStore *store,
               const char   *account_id,
               const char   *event_id)
{
  g_autoptr (GPtrArray) entries =
    guichet_store_list_check_ins (store, account_id, event_id, 0, NULL);
  GHashTable *inside = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      GuichetCheckIn *entry = g_ptr_array_index (entries, i);
      const char     *code = guichet_check_in_get_code (entry);

      if (code == NULL || guichet_check_in_get_verdict (entry) != GUICHET_VERDICT_ADMITTED ||
          guichet_check_in_get_undone (entry) || g_hash_table_contains (seen, code))
        continue;

      g_hash_table_add (seen, (gpointer) code);
      if (guichet_check_in_get_direction (entry) == GUICHET_DIRECTION_IN)
        g_hash_table_add (inside, g_strdup (code));
    }

  return inside;
}

/* [{"label", "value"}] -> "Label: value" lines */
static char *
format_answers (JsonParser *parser,
                const char *answers_json)
{
  g_autoptr (GString) text = NULL;
  JsonNode  *root;
  JsonArray *array;

  if (answers_json == NULL || !json_parser_load_from_data (parser, answers_json, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return NULL;

  array = json_node_get_array (root);
  text = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode   *node = json_array_get_element (array, i);
      JsonObject *answer;
      const char *label, *value;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      answer = json_node_get_object (node);
      label = json_object_get_string_member_with_default (answer, "label", "");
      value = json_object_get_string_member_with_default (answer, "value", "");
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, "%s: %s", label, value);
    }

  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

gint64
guichet_participant_export_to_stream (GuichetStore             *store,
                                      const char               *account_id,
                                      const char               *event_id,
                                      GOutputStream            *stream,
                                      GuichetExportProgressFunc progress,
                                      gpointer                  progress_data,
                                      GCancellable             *cancellable,
                                      GError                  **error)
{
  g_autoptr (GuichetCsvWriter) writer = NULL;
  g_autoptr (GArray) rowids = NULL;
  g_autoptr (GHashTable) inside = NULL;
  g_autoptr (JsonParser) parser = NULL;
  gint64 written = 0;

  g_return_val_if_fail (GUICHET_IS_STORE (store), -1);
  g_return_val_if_fail (account_id != NULL, -1);
  g_return_val_if_fail (event_id != NULL, -1);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), -1);

  rowids = guichet_store_list_participant_rowids (store, account_id, event_id, NULL,
                                                  GUICHET_PARTICIPANT_SORT_NAME, FALSE, error);
  if (rowids == NULL)
    return -1;
  inside = admitted_here (store, account_id, event_id);
  parser = json_parser_new ();
  writer = guichet_csv_writer_new (stream);

  if (!guichet_csv_writer_add_row (writer, columns, G_N_ELEMENTS (columns) - 1, cancellable, error))
    return -1;

  for (guint i = 0; i < rowids->len; i++)
    {
      g_autoptr (GuichetParticipant) p = NULL;
      g_autofree char *answers = NULL;
      const char      *barcode;
      const char      *row[G_N_ELEMENTS (columns) - 1];

      if (i % PROGRESS_EVERY == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return -1;
          if (progress != NULL)
            progress (i, rowids->len, progress_data);
        }

      /* Gone since the ids were read (a sync replaced it): skip it */
      p = guichet_store_get_participant_by_rowid (store, g_array_index (rowids, gint64, i));
      if (p == NULL)
        continue;

      barcode = guichet_participant_get_barcode (p);
      answers = format_answers (parser, guichet_participant_get_answers (p));
      row[0] = guichet_participant_get_id (p);
      row[1] = barcode;
      row[2] = guichet_participant_get_first_name (p);
      row[3] = guichet_participant_get_last_name (p);
      row[4] = guichet_participant_get_email (p);
      row[5] = guichet_participant_get_ticket_type_id (p);
      row[6] = guichet_participant_get_ticket_type_name (p);
      row[7] = guichet_participant_get_date_id (p);
      row[8] = guichet_participant_status_to_string (guichet_participant_get_status (p));
      row[9] = guichet_participant_get_checked_in (p) ? "true" : "false";
      row[10] = barcode != NULL && g_hash_table_contains (inside, barcode) ? "true" : "false";
      row[11] = guichet_participant_get_checked_in_at (p);
      row[12] = guichet_participant_get_order_id (p);
      row[13] = answers;

      if (!guichet_csv_writer_add_row (writer, row, G_N_ELEMENTS (row), cancellable, error))
        return -1;
      written++;
    }

  if (!guichet_csv_writer_flush (writer, cancellable, error))
    return -1;
  if (progress != NULL)
    progress (rowids->len, rowids->len, progress_data);

  return written;
}

gint64
guichet_participant_export_to_file (GuichetStore             *store,
                                    const char               *account_id,
                                    const char               *event_id,
                                    GFile                    *file,
                                    GuichetExportProgressFunc progress,
                                    gpointer                  progress_data,
                                    GCancellable             *cancellable,
                                    GError                  **error)
{
  g_autoptr (GFile) parent = NULL;
  g_autoptr (GFile) partial = NULL;
  g_autoptr (GFileOutputStream) stream = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *partial_name = NULL;
  gint64           written;

  g_return_val_if_fail (G_IS_FILE (file), -1);

  parent = g_file_get_parent (file);
  basename = g_file_get_basename (file);
  if (parent == NULL || basename == NULL)
    {
      g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_INVALID_INPUT,
                   _("“%s” is not a file name."),
                     g_file_peek_path (file) ? g_file_peek_path (file) : "/");
      return -1;
    }

  partial_name = g_strdup_printf (".%s.%08x.partial", basename, g_random_int ());
  partial = g_file_get_child (parent, partial_name);
  stream = g_file_create (partial, G_FILE_CREATE_PRIVATE, cancellable, &local_error);
  if (stream == NULL)
    goto failed;

  written =
    guichet_participant_export_to_stream (store, account_id, event_id, G_OUTPUT_STREAM (stream),
                                          progress, progress_data, cancellable, &local_error);
  if (written < 0)
    {
      g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, NULL);
      g_file_delete (partial, NULL, NULL);
      goto failed;
    }

  if (!g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, &local_error) ||
      !g_file_move (partial, file, G_FILE_COPY_OVERWRITE | G_FILE_COPY_NOFOLLOW_SYMLINKS,
                    cancellable, NULL, NULL, &local_error))
    {
      g_file_delete (partial, NULL, NULL);
      goto failed;
    }

  return written;

failed:
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      local_error->domain == GUICHET_ERROR)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    {
      g_autofree char *name = g_file_get_parse_name (file);

      /* Translators: %s is a file name, then the system's reason */
      g_set_error (error, GUICHET_ERROR, GUICHET_ERROR_FAILED,
                   _("Could not write “%s”: %s"), name, local_error->message);
    }
  return -1;
}

/* Async: the worker counts, the caller's context reports */
typedef struct
{
  GuichetStore             *store;
  char                     *account_id;
  char                     *event_id;
  GFile                    *file;
  GuichetExportProgressFunc progress;
  gpointer                  progress_data;
  GMainContext             *context;
  GMutex                    lock;
  guint64                   done;
  guint64                   total;
  gboolean                  report_pending;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->store);
  g_free (data->account_id);
  g_free (data->event_id);
  g_clear_object (&data->file);
  g_main_context_unref (data->context);
  g_mutex_clear (&data->lock);
  g_free (data);
}

static gboolean
report_progress (gpointer user_data)
{
  GTask        *task = user_data;
  ExportData   *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  guint64       done, total;

  g_mutex_lock (&data->lock);
  done = data->done;
  total = data->total;
  data->report_pending = FALSE;
  g_mutex_unlock (&data->lock);

  /* Never after the callback: it may have freed @progress_data */
  if (!g_cancellable_is_cancelled (cancellable) && !g_task_get_completed (task))
    data->progress (done, total, data->progress_data);

  return G_SOURCE_REMOVE;
}

/* In the worker: note the count; one report at a time waits in the
 * caller's context, so a slow main loop is never flooded. */
static void
note_progress (guint64  done,
               guint64  total,
               gpointer user_data)
{
  GTask      *task = user_data;
  ExportData *data = g_task_get_task_data (task);
  gboolean    schedule;

  g_mutex_lock (&data->lock);
  data->done = done;
  data->total = total;
  schedule = !data->report_pending;
  data->report_pending = TRUE;
  g_mutex_unlock (&data->lock);

  if (schedule)
    {
      g_autoptr (GSource) source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, report_progress, g_object_ref (task), g_object_unref);
      g_source_set_static_name (source, "[guichet] export progress");
      g_source_attach (source, data->context);
    }
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  GError     *error = NULL;
  gint64      written;

  written = guichet_participant_export_to_file (data->store, data->account_id, data->event_id,
                                                data->file, data->progress ? note_progress : NULL,
                                                task, cancellable, &error);
  if (written < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, written);
}

void
guichet_participant_export_async (GuichetStore             *store,
                                  const char               *account_id,
                                  const char               *event_id,
                                  GFile                    *file,
                                  GuichetExportProgressFunc progress,
                                  gpointer                  progress_data,
                                  GCancellable             *cancellable,
                                  GAsyncReadyCallback       callback,
                                  gpointer                  user_data)
{
  g_autoptr (GTask) task = NULL;
  ExportData *data;

  g_return_if_fail (GUICHET_IS_STORE (store));
  g_return_if_fail (account_id != NULL);
  g_return_if_fail (event_id != NULL);
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, guichet_participant_export_async);
  g_task_set_return_on_cancel (task, FALSE);

  data = g_new0 (ExportData, 1);
  data->store = g_object_ref (store);
  data->account_id = g_strdup (account_id);
  data->event_id = g_strdup (event_id);
  data->file = g_object_ref (file);
  data->progress = progress;
  data->progress_data = progress_data;
  data->context = g_main_context_ref_thread_default ();
  g_mutex_init (&data->lock);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);

  g_task_run_in_thread (task, export_thread);
}

gint64
guichet_participant_export_finish (GAsyncResult *result,
                                   GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == guichet_participant_export_async,
                        -1);

  return g_task_propagate_int (G_TASK (result), error);
}
