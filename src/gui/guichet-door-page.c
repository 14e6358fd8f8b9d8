/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-door-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "guichet-application.h"
#include "guichet-door-page-private.h"

G_DEFINE_FINAL_TYPE (GuichetDoorPage, guichet_door_page, GUICHET_TYPE_PAGE)

enum
{
  PROP_0,
  PROP_DOOR_MODE,
  PROP_LAST_VERDICT,
  PROP_SOUND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
on_code_entry_activate (GuichetDoorPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->code_entry));

  if (text[0] == '\0')
    return;
  guichet_door_page_scan (self, text);
  gtk_editable_set_text (GTK_EDITABLE (self->code_entry), "");
}

static void
provider_ready (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GuichetDoorPage) self = user_data;
  g_autoptr (GuichetProvider) provider = NULL;
  g_autoptr (GError) error = NULL;

  provider = guichet_session_get_provider_finish (GUICHET_SESSION (source), result, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (provider == NULL)
    {
      /* Offline or signed out: the door decides from the cache alone. */
      g_debug ("No provider at the door: %s", error->message);
      return;
    }
  g_set_object (&self->provider, provider);
  g_clear_object (&self->remote);
  self->remote =
    guichet_remote_check_in_new (guichet_page_get_store (GUICHET_PAGE (self)), provider);
  if (!guichet_remote_check_in_is_enabled (self->remote))
    g_clear_object (&self->remote);
  if (self->door != NULL)
    guichet_door_set_remote (self->door, self->remote != NULL);
}

static void
on_sync_state_changed (GuichetDoorPage *self)
{
  _guichet_door_page_refresh_counts (self);
}

static void
on_sync_finished (GuichetSession  *session,
                  GuichetAccount  *account,
                  const GError    *error,
                  GuichetDoorPage *self)
{
  GuichetEvent *event = guichet_page_get_event (GUICHET_PAGE (self));

  if (event == NULL ||
      g_strcmp0 (guichet_account_get_id (account), guichet_event_get_account_id (event)) != 0)
    return;
  _guichet_door_page_refresh_counts (self);
}

static void
guichet_door_page_event_changed (GuichetPage *page)
{
  GuichetDoorPage  *self = GUICHET_DOOR_PAGE (page);
  GuichetEvent     *event = guichet_page_get_event (page);
  GuichetSession   *session = guichet_page_get_session (page);
  GuichetAccount   *account = guichet_page_get_account (page);
  GuichetSyncState *state = NULL;
  gboolean same = event != NULL && g_strcmp0 (self->event_id, guichet_event_get_id (event)) == 0;

  if (!same)
    {
      g_free (self->event_id);
      self->event_id = event ? g_strdup (guichet_event_get_id (event)) : NULL;
      /* Another event: what this door was set to does not apply. */
      g_clear_pointer (&self->date_id, g_free);
      g_clear_pointer (&self->gates, g_strfreev);
      g_clear_object (&self->provider);
      g_clear_object (&self->remote);
      /* Never to another account's platform: the admissions of the last
       * event not pushed yet stay pending in the journal, for the next
       * flush or sync. */
      g_clear_pointer (&self->to_push, g_ptr_array_unref);
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      if (session != NULL && account != NULL)
        guichet_session_get_provider_async (session, account, self->cancellable, provider_ready,
                                            g_object_ref (self));
    }

  if (session != NULL && event != NULL)
    state = guichet_session_get_sync_state (session, guichet_event_get_account_id (event));
  if (state != self->sync_state)
    {
      if (self->sync_state != NULL)
        g_signal_handlers_disconnect_by_data (self->sync_state, self);
      g_set_object (&self->sync_state, state);
      if (state != NULL)
        g_signal_connect_swapped (state, "notify::error", G_CALLBACK (on_sync_state_changed), self);
    }

  _guichet_door_page_fill_pickers (self);
  if (!same)
    _guichet_door_page_load_questions (self);
  _guichet_door_page_rebuild_door (self);
  _guichet_door_page_refresh_counts (self);
}

/* The journal, written by this desk, the CLI or another desk on the same
 * store: the counters are read again when it moved since they last read
 * it (a scan here has already counted). */
static void
on_journal_changed (GuichetJournalWatch *watch,
                    GuichetDoorPage     *self)
{
  if (guichet_page_get_event (GUICHET_PAGE (self)) != NULL &&
      guichet_journal_watch_get_version (watch) != self->journal_version)
    _guichet_door_page_refresh_counts (self);
}

static void
stop_journal_watch (GuichetDoorPage *self)
{
  if (self->journal_watch == NULL)
    return;
  g_signal_handlers_disconnect_by_func (self->journal_watch, on_journal_changed, self);
  guichet_journal_watch_set_active (self->journal_watch, FALSE);
  g_clear_object (&self->journal_watch);
}

/* While the page is shown, on the store of its session. */
static void
start_journal_watch (GuichetDoorPage *self)
{
  GuichetStore *store = guichet_page_get_store (GUICHET_PAGE (self));

  if (self->journal_watch != NULL || store == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  self->journal_watch = guichet_journal_watch_new (store, 1000);
  g_signal_connect (self->journal_watch, "changed", G_CALLBACK (on_journal_changed), self);
  guichet_journal_watch_set_active (self->journal_watch, TRUE);
}

static void
guichet_door_page_session_changed (GuichetPage *page)
{
  GuichetDoorPage *self = GUICHET_DOOR_PAGE (page);
  GuichetSession  *session = guichet_page_get_session (page);

  if (session != NULL)
    g_signal_connect_object (session, "sync-finished", G_CALLBACK (on_sync_finished), self, 0);
  stop_journal_watch (self);
  start_journal_watch (self);
}

void
guichet_door_page_set_date (GuichetDoorPage *self,
                            const char      *date_id)
{
  g_return_if_fail (GUICHET_IS_DOOR_PAGE (self));

  g_free (self->date_id);
  self->date_id = g_strdup (date_id);
  _guichet_door_page_fill_pickers (self);
  _guichet_door_page_rebuild_door (self);
}

void
guichet_door_page_set_gates (GuichetDoorPage    *self,
                             const char * const *ticket_type_ids)
{
  g_return_if_fail (GUICHET_IS_DOOR_PAGE (self));

  g_strfreev (self->gates);
  self->gates =
    ticket_type_ids && ticket_type_ids[0] ? g_strdupv ((char **) ticket_type_ids) : NULL;
  _guichet_door_page_fill_pickers (self);
  _guichet_door_page_rebuild_door (self);
  _guichet_door_page_refresh_counts (self);
}

/* Scanners and door mode */

static void
on_scan (GuichetScanCapture *capture,
         const char         *code,
         GuichetDoorPage    *self)
{
  _guichet_door_page_take_code (self, code, guichet_scan_capture_get_event_time (capture));
}

static void
on_serial_scan (GuichetSerialScanner *serial,
                const char           *code,
                GuichetDoorPage      *self)
{
  guichet_door_page_scan (self, code);
}

static void
stop_serial (GuichetDoorPage *self)
{
  if (self->serial == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->serial, self);
  guichet_serial_scanner_stop (self->serial);
  g_clear_object (&self->serial);
}

/* The serial scanner of the preferences, read while the door is shown. */
static void
start_serial (GuichetDoorPage *self)
{
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  stop_serial (self);
  if (self->settings == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  path = g_settings_get_string (self->settings, "scanner-serial-device");
  if (path == NULL || path[0] == '\0')
    return;
  self->serial = guichet_serial_scanner_new (path);
  g_signal_connect (self->serial, "scan", G_CALLBACK (on_serial_scan), self);
  g_signal_connect_swapped (self->serial, "notify::connected",
                            G_CALLBACK (_guichet_door_page_refresh_counts), self);
  if (!guichet_serial_scanner_start (self->serial, &error))
    g_debug ("%s (trying again)", error->message);
}

static void
on_settings_changed (GSettings       *settings,
                     const char      *key,
                     GuichetDoorPage *self)
{
  if (g_strcmp0 (key, "scanner-serial-device") == 0)
    {
      start_serial (self);
      _guichet_door_page_refresh_counts (self);
    }
}

/* GTK 4.8 fades a text cursor in and out with a frame every 16 ms, and
 * every key restarts the blink, so during doors (a scan every second or
 * two) the window would repaint at the display's rate for good, and each
 * verdict would wait behind a frame already on its way. The door keeps
 * the cursor still while it is shown; leaving, it hands the setting back. */
static void
set_steady_cursor (GuichetDoorPage *self,
                   gboolean         steady)
{
  GtkSettings *settings = gtk_widget_get_settings (GTK_WIDGET (self));
  GtkRoot     *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget   *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (steady)
    g_object_set (settings, "gtk-cursor-blink", FALSE, NULL);
  else
    gtk_settings_reset_property (settings, "gtk-cursor-blink");

  /* A focused text keeps its blink (or lack of one) until it is focused
   * again; the door's own, leaving, will be unmapped anyway. */
  if (focus != NULL && GTK_IS_EDITABLE (focus) &&
      (steady || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self))))
    {
      g_object_ref (focus);
      gtk_root_set_focus (root, NULL);
      gtk_widget_grab_focus (focus);
      g_object_unref (focus);
    }
}

static gboolean
preload (gpointer data)
{
  GuichetDoorPage *self = data;

  if (_guichet_door_page_preload_step (self))
    return G_SOURCE_CONTINUE;
  self->preload_id = 0;
  return G_SOURCE_REMOVE;
}

static void
guichet_door_page_map (GtkWidget *widget)
{
  GuichetDoorPage *self = GUICHET_DOOR_PAGE (widget);

  GTK_WIDGET_CLASS (guichet_door_page_parent_class)->map (widget);
  set_steady_cursor (self, TRUE);

  /* Window-wide while the door is shown, whatever has focus. */
  guichet_scan_capture_attach (self->capture, GTK_WIDGET (gtk_widget_get_root (widget)));
  guichet_scan_capture_set_enabled (self->capture, TRUE);
  start_serial (self);
  _guichet_door_page_refresh_counts (self);
  start_journal_watch (self);
  /* Once the page is up, before the first scans. */
  if (self->preload_id == 0)
    self->preload_id = g_idle_add_full (G_PRIORITY_LOW, preload, self, NULL);
  /* Ready for a name typed by hand; scans are taken whatever has focus. */
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* The page's focus goes to the name search (scans need none). */
static gboolean
guichet_door_page_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (GUICHET_DOOR_PAGE (widget)->search_entry));
}

static void
guichet_door_page_unmap (GtkWidget *widget)
{
  GuichetDoorPage *self = GUICHET_DOOR_PAGE (widget);

  guichet_scan_capture_set_enabled (self->capture, FALSE);
  stop_journal_watch (self);
  stop_serial (self);
  guichet_scan_capture_detach (self->capture, GTK_WIDGET (gtk_widget_get_root (widget)));
  if (self->door_mode)
    guichet_door_page_set_door_mode (self, FALSE);
  set_steady_cursor (self, FALSE);
  g_clear_handle_id (&self->preload_id, g_source_remove);

  GTK_WIDGET_CLASS (guichet_door_page_parent_class)->unmap (widget);
}

static void
fullscreen_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  GuichetDoorPage *self = GUICHET_DOOR_PAGE (widget);

  guichet_door_page_set_door_mode (self, !self->door_mode);
}

gboolean
guichet_door_page_get_door_mode (GuichetDoorPage *self)
{
  g_return_val_if_fail (GUICHET_IS_DOOR_PAGE (self), FALSE);
  return self->door_mode;
}

void
guichet_door_page_set_door_mode (GuichetDoorPage *self,
                                 gboolean         door_mode)
{
  GtkRoot *root;

  g_return_if_fail (GUICHET_IS_DOOR_PAGE (self));

  door_mode = !!door_mode;
  if (self->door_mode == door_mode)
    return;
  self->door_mode = door_mode;
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    {
      if (door_mode)
        gtk_window_fullscreen (GTK_WINDOW (root));
      else
        gtk_window_unfullscreen (GTK_WINDOW (root));
    }
  /* In door mode, nothing but the verdict, the counters and the last scans. */
  gtk_widget_set_visible (self->toolbar, !door_mode);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOOR_MODE]);
}

const char *
guichet_door_page_get_last_verdict (GuichetDoorPage *self)
{
  g_return_val_if_fail (GUICHET_IS_DOOR_PAGE (self), NULL);
  return self->last_verdict ? self->last_verdict : "";
}

/* The resource of the sound the last verdict played, NULL when it
 * played none (sounds off, or no verdict yet). */
const char *
guichet_door_page_get_last_sound (GuichetDoorPage *self)
{
  g_return_val_if_fail (GUICHET_IS_DOOR_PAGE (self), NULL);
  return self->last_sound;
}

/* GObject */

static void
guichet_door_page_dispose (GObject *object)
{
  GuichetDoorPage *self = GUICHET_DOOR_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->preload_id, g_source_remove);
  /* Admissions not pushed yet stay pending in the journal: the next
   * flush or sync sends them. */
  _guichet_door_page_unwatch_paint (self);
  g_clear_handle_id (&self->counts_held_id, g_source_remove);
  g_clear_object (&self->counts_held);
  g_clear_pointer (&self->to_push, g_ptr_array_unref);
  stop_journal_watch (self);
  if (self->sync_state != NULL)
    g_signal_handlers_disconnect_by_data (self->sync_state, self);
  g_clear_object (&self->sync_state);
  if (self->capture != NULL)
    g_signal_handlers_disconnect_by_data (self->capture, self);
  g_clear_object (&self->capture);
  stop_serial (self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_queue_clear_full (&self->queue, g_free);
  g_queue_clear_full (&self->last_scans, (GDestroyNotify) _guichet_last_scan_unref);
  g_clear_pointer (&self->scan_rows, g_ptr_array_unref);
  g_clear_pointer (&self->timing, guichet_door_timing_free);
  g_clear_object (&self->door);
  g_clear_object (&self->remote);
  g_clear_object (&self->provider);
  g_clear_pointer (&self->gate_checks, g_ptr_array_unref);
  g_clear_pointer (&self->question_checks, g_ptr_array_unref);
  if (self->sounds != NULL)
    {
      GHashTableIter iter;
      gpointer       stream;

      g_hash_table_iter_init (&iter, self->sounds);
      while (g_hash_table_iter_next (&iter, NULL, &stream))
        gtk_media_stream_pause (stream);
    }
  g_clear_pointer (&self->sounds, g_hash_table_unref);
  g_clear_pointer (&self->icons, g_hash_table_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), GUICHET_TYPE_DOOR_PAGE);

  G_OBJECT_CLASS (guichet_door_page_parent_class)->dispose (object);
}

static void
guichet_door_page_finalize (GObject *object)
{
  GuichetDoorPage *self = GUICHET_DOOR_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->date_ids, g_ptr_array_unref);
  g_free (self->event_id);
  g_free (self->date_id);
  g_strfreev (self->gates);
  g_strfreev (self->important);
  g_free (self->last_verdict);

  G_OBJECT_CLASS (guichet_door_page_parent_class)->finalize (object);
}

static void
guichet_door_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GuichetDoorPage *self = GUICHET_DOOR_PAGE (object);

  switch (prop_id)
    {
    case PROP_DOOR_MODE:
      g_value_set_boolean (value, self->door_mode);
      break;
    case PROP_LAST_VERDICT:
      g_value_set_string (value, guichet_door_page_get_last_verdict (self));
      break;
    case PROP_SOUND:
      g_value_set_boolean (value, self->sound);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_door_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  GuichetDoorPage *self = GUICHET_DOOR_PAGE (object);

  switch (prop_id)
    {
    case PROP_DOOR_MODE:
      guichet_door_page_set_door_mode (self, g_value_get_boolean (value));
      break;
    case PROP_SOUND:
      if (self->sound != g_value_get_boolean (value))
        {
          self->sound = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_door_page_class_init (GuichetDoorPageClass *klass)
{
  GObjectClass     *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass   *widget_class = GTK_WIDGET_CLASS (klass);
  GuichetPageClass *page_class = GUICHET_PAGE_CLASS (klass);

  object_class->dispose = guichet_door_page_dispose;
  object_class->finalize = guichet_door_page_finalize;
  object_class->get_property = guichet_door_page_get_property;
  object_class->set_property = guichet_door_page_set_property;
  widget_class->map = guichet_door_page_map;
  widget_class->unmap = guichet_door_page_unmap;
  widget_class->grab_focus = guichet_door_page_grab_focus;
  page_class->event_changed = guichet_door_page_event_changed;
  page_class->session_changed = guichet_door_page_session_changed;

  properties[PROP_DOOR_MODE] =
    g_param_spec_boolean ("door-mode", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LAST_VERDICT] =
    g_param_spec_string ("last-verdict", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* Bound to the "door-sound" setting when the application has one. */
  properties[PROP_SOUND] =
    g_param_spec_boolean ("sound", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "door.fullscreen", NULL, fullscreen_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "door.fullscreen", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/guichet/Guichet/guichet-door-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GuichetDoorPage, toolbar);
  gtk_widget_class_bind_template_child (widget_class, GuichetDoorPage, date_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GuichetDoorPage, gate_button);
  gtk_widget_class_bind_template_child (widget_class, GuichetDoorPage, gate_box);
  gtk_widget_class_bind_template_child (widget_class, GuichetDoorPage, exit_button);
  gtk_widget_class_bind_template_child (widget_class, GuichetDoorPage, questions_button);
  gtk_widget_class_bind_template_child (widget_class, GuichetDoorPage, questions_box);
  gtk_widget_class_bind_template_child (widget_class, GuichetDoorPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetDoorPage, verdict_box);
  gtk_widget_class_bind_template_child (widget_class, GuichetDoorPage, verdict_icon);
  gtk_widget_class_bind_template_child (widget_class, GuichetDoorPage, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetDoorPage, holder_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetDoorPage, detail_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetDoorPage, counter_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetDoorPage, code_entry);
  gtk_widget_class_bind_template_child (widget_class, GuichetDoorPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GuichetDoorPage, result_list);
  gtk_widget_class_bind_template_child (widget_class, GuichetDoorPage, scan_list);
  gtk_widget_class_bind_template_callback (widget_class, on_code_entry_activate);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_search_changed",
                                                G_CALLBACK (_guichet_door_page_search_changed));
}

static void
guichet_door_page_init (GuichetDoorPage *self)
{
  GApplication *app = g_application_get_default ();
  GSettings    *settings = GUICHET_IS_APPLICATION (app)
                             ? guichet_application_get_settings (GUICHET_APPLICATION (app))
                             : NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  if (guichet_settings_has_key (settings, "scanner-serial-device"))
    {
      self->settings = g_object_ref (settings);
      g_signal_connect (settings, "changed::scanner-serial-device",
                        G_CALLBACK (on_settings_changed), self);
    }

  self->sound = TRUE;
  self->sounds = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  self->icons = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  if (guichet_settings_has_key (settings, "door-sound"))
    g_settings_bind (settings, "door-sound", self, "sound", G_SETTINGS_BIND_GET);

  self->cancellable = g_cancellable_new ();
  g_queue_init (&self->queue);
  self->timing = guichet_door_timing_new_from_env ();
  self->date_ids = g_ptr_array_new_with_free_func (g_free);
  self->gate_checks = g_ptr_array_new ();
  self->scan_rows = g_ptr_array_new ();
  self->question_checks = g_ptr_array_new ();
  self->capture = guichet_scan_capture_new (settings);
  g_signal_connect (self->capture, "scan", G_CALLBACK (on_scan), self);
  g_signal_connect_swapped (self->date_dropdown, "notify::selected",
                            G_CALLBACK (_guichet_door_page_date_selected), self);
}

GtkWidget *
guichet_door_page_new (void)
{
  return g_object_new (GUICHET_TYPE_DOOR_PAGE, NULL);
}
