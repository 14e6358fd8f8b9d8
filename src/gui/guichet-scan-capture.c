/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-scan-capture"

#include "config.h"

#include "guichet-application.h"
#include "guichet-core.h"
#include "guichet-scan-capture.h"

/* How long after the last held key, in real time, the burst is ended
 * (beyond the threshold itself): the events' times decide, this only
 * gives a person's last key back when no other key follows. Generous, so
 * a main loop that falls behind does not split a scan. */
#define FLUSH_MARGIN_MS 120

struct _GuichetScanCapture
{
  GObject parent_instance;

  GSettings        *settings;
  GuichetScanBurst *burst;
  GPtrArray        *controllers; /* GtkEventController, owned by their widgets */
  GtkWidget        *last_widget; /* weak: where the last held key arrived */
  GtkWidget        *window;      /* weak: the window attached to */
  GListModel       *toplevels;   /* watched while a window is attached */
  GdkEvent         *last_event;  /* held, so one key seen twice is known */
  gboolean          last_taken;  /* what was answered for it */
  guint             flush_id;
  guint32           event_time; /* of the last key looked at */
  gboolean          enabled;
};

G_DEFINE_FINAL_TYPE (GuichetScanCapture, guichet_scan_capture, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ENABLED,
  N_PROPS
};

enum
{
  SIGNAL_SCAN,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

static void
set_last_widget (GuichetScanCapture *self,
                 GtkWidget          *widget)
{
  if (self->last_widget == widget)
    return;
  if (self->last_widget != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->last_widget), (gpointer *) &self->last_widget);
  self->last_widget = widget;
  if (widget != NULL)
    g_object_add_weak_pointer (G_OBJECT (widget), (gpointer *) &self->last_widget);
}

/* A person's keys that were held while they might have started a scan:
 * typed into the focused field now, as the desk's layout typed them. */
static void
on_release (GuichetScanBurst   *burst,
            const char         *text,
            GuichetScanCapture *self)
{
  GtkRoot   *root;
  GtkWidget *focus;

  if (self->last_widget == NULL)
    return;
  root = gtk_widget_get_root (self->last_widget);
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  if (focus == NULL)
    return;

  if (GTK_IS_EDITABLE (focus) && gtk_editable_get_editable (GTK_EDITABLE (focus)))
    {
      GtkEditable *editable = GTK_EDITABLE (focus);
      int          start, end, position;

      if (gtk_editable_get_selection_bounds (editable, &start, &end))
        gtk_editable_delete_text (editable, start, end);
      position = gtk_editable_get_position (editable);
      gtk_editable_insert_text (editable, text, -1, &position);
      gtk_editable_set_position (editable, position);
    }
  else if (g_strcmp0 (text, " ") == 0)
    {
      /* Space on a focused button or check. */
      gtk_widget_activate (focus);
    }
}

static void
on_scan (GuichetScanBurst   *burst,
         const char         *code,
         GuichetScanCapture *self)
{
  g_signal_emit (self, signals[SIGNAL_SCAN], 0, code);
}

static void
stop_flush (GuichetScanCapture *self)
{
  g_clear_handle_id (&self->flush_id, g_source_remove);
}

static gboolean
flush_cb (gpointer user_data)
{
  GuichetScanCapture *self = user_data;

  self->flush_id = 0;
  guichet_scan_burst_flush (self->burst);
  return G_SOURCE_REMOVE;
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GuichetScanCapture    *self)
{
  GtkEventController *ec = GTK_EVENT_CONTROLLER (controller);
  GdkEvent           *event = gtk_event_controller_get_current_event (ec);
  gboolean            taken;

  if (!self->enabled)
    return FALSE;

  /* A key that reaches a popover and then its window is looked at once
   * (the reference keeps another event from taking its address) */
  if (event != NULL && event == self->last_event)
    return self->last_taken;
  self->last_taken = FALSE;
  g_clear_pointer (&self->last_event, gdk_event_unref);
  if (event != NULL)
    self->last_event = gdk_event_ref (event);

  /* Shortcuts are the person's; whatever was held goes first. */
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK | GDK_META_MASK))
    {
      stop_flush (self);
      guichet_scan_burst_flush (self->burst);
      return FALSE;
    }

  set_last_widget (self, gtk_event_controller_get_widget (ec));
  self->event_time = gtk_event_controller_get_current_event_time (ec);
  taken = guichet_scan_burst_key_press (self->burst, keycode,
                                        (state & GDK_SHIFT_MASK) ? GUICHET_SCAN_SHIFT : 0,
                                        gdk_keyval_to_unicode (keyval), self->event_time);
  self->last_taken = taken;
  stop_flush (self);
  if (guichet_scan_burst_is_holding (self->burst))
    self->flush_id =
      g_timeout_add (guichet_scan_burst_get_threshold (self->burst) + FLUSH_MARGIN_MS, flush_cb,
                     self);
  return taken;
}

static void
update_decoder (GuichetScanCapture *self)
{
  g_autofree char *layout = NULL;
  g_autoptr (GuichetScanDecoder) decoder = NULL;
  g_autoptr (GError) error = NULL;

  if (self->settings != NULL)
    layout = g_settings_get_string (self->settings, "scanner-layout");
  decoder = guichet_scan_decoder_new (layout, NULL, &error);
  if (decoder == NULL)
    {
      g_warning ("%s", error->message);
      decoder = guichet_scan_decoder_new ("us", NULL, NULL);
      if (decoder == NULL)
        return;
    }
  if (self->burst == NULL)
    {
      self->burst = guichet_scan_burst_new (decoder);
      g_signal_connect (self->burst, "scan", G_CALLBACK (on_scan), self);
      g_signal_connect (self->burst, "release", G_CALLBACK (on_release), self);
    }
  else
    guichet_scan_burst_set_decoder (self->burst, decoder);
}

static void
update_threshold (GuichetScanCapture *self)
{
  if (self->settings != NULL && self->burst != NULL)
    guichet_scan_burst_set_threshold (self->burst,
                                      g_settings_get_uint (self->settings,
                                                           "scanner-key-threshold-ms"));
}

static void
on_settings_changed (GSettings          *settings,
                     const char         *key,
                     GuichetScanCapture *self)
{
  if (g_strcmp0 (key, "scanner-layout") == 0)
    update_decoder (self);
  else if (g_strcmp0 (key, "scanner-key-threshold-ms") == 0)
    update_threshold (self);
}

static void
guichet_scan_capture_dispose (GObject *object)
{
  GuichetScanCapture *self = GUICHET_SCAN_CAPTURE (object);

  stop_flush (self);
  set_last_widget (self, NULL);
  g_clear_pointer (&self->last_event, gdk_event_unref);
  if (self->controllers != NULL)
    guichet_scan_capture_detach (self, self->window);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  if (self->burst != NULL)
    g_signal_handlers_disconnect_by_data (self->burst, self);
  g_clear_object (&self->burst);

  G_OBJECT_CLASS (guichet_scan_capture_parent_class)->dispose (object);
}

static void
guichet_scan_capture_finalize (GObject *object)
{
  GuichetScanCapture *self = GUICHET_SCAN_CAPTURE (object);

  g_clear_pointer (&self->controllers, g_ptr_array_unref);

  G_OBJECT_CLASS (guichet_scan_capture_parent_class)->finalize (object);
}

static void
guichet_scan_capture_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  GuichetScanCapture *self = GUICHET_SCAN_CAPTURE (object);

  switch (prop_id)
    {
    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_scan_capture_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  GuichetScanCapture *self = GUICHET_SCAN_CAPTURE (object);

  switch (prop_id)
    {
    case PROP_ENABLED:
      guichet_scan_capture_set_enabled (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_scan_capture_class_init (GuichetScanCaptureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = guichet_scan_capture_dispose;
  object_class->finalize = guichet_scan_capture_finalize;
  object_class->get_property = guichet_scan_capture_get_property;
  object_class->set_property = guichet_scan_capture_set_property;

  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_SCAN] = g_signal_new ("scan", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
guichet_scan_capture_init (GuichetScanCapture *self)
{
  self->controllers = g_ptr_array_new ();
}

GuichetScanCapture *
guichet_scan_capture_new (GSettings *settings)
{
  GuichetScanCapture *self;

  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (GUICHET_TYPE_SCAN_CAPTURE, NULL);
  if (settings != NULL && guichet_settings_has_key (settings, "scanner-layout") &&
      guichet_settings_has_key (settings, "scanner-key-threshold-ms"))
    {
      self->settings = g_object_ref (settings);
      g_signal_connect (self->settings, "changed", G_CALLBACK (on_settings_changed), self);
    }
  update_decoder (self);
  update_threshold (self);
  return self;
}

static gboolean
is_attached (GuichetScanCapture *self,
             GtkWidget          *widget)
{
  for (guint i = 0; i < self->controllers->len; i++)
    if (gtk_event_controller_get_widget (g_ptr_array_index (self->controllers, i)) == widget)
      return TRUE;
  return FALSE;
}

static void
attach_one (GuichetScanCapture *self,
            GtkWidget          *widget)
{
  GtkEventController *controller;

  if (is_attached (self, widget))
    return;

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_name (controller, "guichet-scan-capture");
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (widget, controller);
  g_ptr_array_add (self->controllers, controller);
  g_object_weak_ref (G_OBJECT (controller), (GWeakNotify) g_ptr_array_remove, self->controllers);
}

/* @widget and every popover under it: a popover has its own surface, and
 * the keys typed while it is open never reach its window. */
static void
attach_tree (GuichetScanCapture *self,
             GtkWidget          *widget)
{
  attach_one (self, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_POPOVER (child))
        attach_one (self, child);
      attach_tree (self, child);
    }
}

/* A dialog of the attached window (Preferences, a confirmation): scans are
 * taken there too. */
static void
on_toplevel_mapped (GtkWidget          *toplevel,
                    GuichetScanCapture *self)
{
  if (self->window != NULL &&
      gtk_window_get_transient_for (GTK_WINDOW (toplevel)) == GTK_WINDOW (self->window))
    attach_tree (self, toplevel);
}

static void
watch_toplevel (GuichetScanCapture *self,
                GtkWidget          *toplevel)
{
  if (toplevel == self->window)
    return;
  g_signal_handlers_disconnect_by_func (toplevel, on_toplevel_mapped, self);
  g_signal_connect_object (toplevel, "map", G_CALLBACK (on_toplevel_mapped), self, 0);
  if (gtk_widget_get_mapped (toplevel))
    on_toplevel_mapped (toplevel, self);
}

static void
on_toplevels_changed (GListModel         *toplevels,
                      guint               position,
                      guint               removed,
                      guint               added,
                      GuichetScanCapture *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr (GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      watch_toplevel (self, toplevel);
    }
}

void
guichet_scan_capture_attach (GuichetScanCapture *self,
                             GtkWidget          *widget)
{
  g_return_if_fail (GUICHET_IS_SCAN_CAPTURE (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  attach_tree (self, widget);
  if (!GTK_IS_WINDOW (widget) || self->window != NULL)
    return;

  self->window = widget;
  g_object_add_weak_pointer (G_OBJECT (widget), (gpointer *) &self->window);
  self->toplevels = g_object_ref (gtk_window_get_toplevels ());
  g_signal_connect (self->toplevels, "items-changed", G_CALLBACK (on_toplevels_changed), self);
  on_toplevels_changed (self->toplevels, 0, 0, g_list_model_get_n_items (self->toplevels), self);
}

static void
stop_watching (GuichetScanCapture *self)
{
  if (self->toplevels != NULL)
    {
      guint n = g_list_model_get_n_items (self->toplevels);

      g_signal_handlers_disconnect_by_data (self->toplevels, self);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr (GObject) toplevel = g_list_model_get_item (self->toplevels, i);

          g_signal_handlers_disconnect_by_func (toplevel, on_toplevel_mapped, self);
        }
      g_clear_object (&self->toplevels);
    }
  if (self->window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
  self->window = NULL;
}

/* Takes the controllers off @widget, its popovers and its dialogs. */
void
guichet_scan_capture_detach (GuichetScanCapture *self,
                             GtkWidget          *widget)
{
  g_return_if_fail (GUICHET_IS_SCAN_CAPTURE (self));

  if (widget == self->window)
    stop_watching (self);

  while (self->controllers->len > 0)
    {
      GtkEventController *controller = g_ptr_array_index (self->controllers, 0);
      GtkWidget          *owner = gtk_event_controller_get_widget (controller);

      g_object_weak_unref (G_OBJECT (controller), (GWeakNotify) g_ptr_array_remove,
                           self->controllers);
      g_ptr_array_remove_index (self->controllers, 0);
      g_signal_handlers_disconnect_by_data (controller, self);
      gtk_widget_remove_controller (owner, controller);
    }
}

gboolean
guichet_scan_capture_get_enabled (GuichetScanCapture *self)
{
  g_return_val_if_fail (GUICHET_IS_SCAN_CAPTURE (self), FALSE);
  return self->enabled;
}

void
guichet_scan_capture_set_enabled (GuichetScanCapture *self,
                                  gboolean            enabled)
{
  g_return_if_fail (GUICHET_IS_SCAN_CAPTURE (self));

  enabled = !!enabled;
  if (self->enabled == enabled)
    return;
  self->enabled = enabled;
  if (!enabled)
    {
      stop_flush (self);
      guichet_scan_burst_flush (self->burst);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
}

/* The windowing system's time (ms) of the last key looked at: during
 * "scan", the key that ended the burst (Enter, or the last character when
 * the burst ended by itself). */
guint32
guichet_scan_capture_get_event_time (GuichetScanCapture *self)
{
  g_return_val_if_fail (GUICHET_IS_SCAN_CAPTURE (self), 0);

  return self->event_time;
}
