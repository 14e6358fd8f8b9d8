/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-journal-watch"

#include "config.h"

#include "guichet-journal-watch.h"

struct _GuichetJournalWatch
{
  GObject parent_instance;

  GuichetStore *store;
  guint         interval_ms;
  guint         timeout_id;
  GCancellable *cancellable; /* of the read in flight */
  gint64        version;     /* -1: not read yet */
};

G_DEFINE_FINAL_TYPE (GuichetJournalWatch, guichet_journal_watch, G_TYPE_OBJECT)

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Worker thread */
static void
read_version_run (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  g_task_return_int (task, guichet_store_get_journal_version (task_data));
}

static void
read_version_done (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GuichetJournalWatch *self = GUICHET_JOURNAL_WATCH (source);
  GCancellable        *cancellable = g_task_get_cancellable (G_TASK (result));
  gssize               version = g_task_propagate_int (G_TASK (result), NULL);

  if (cancellable != self->cancellable || g_cancellable_is_cancelled (cancellable))
    return;
  g_clear_object (&self->cancellable);

  if (version < 0)
    return;
  if (self->version >= 0 && version != self->version)
    {
      self->version = version;
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
      return;
    }
  self->version = version;
}

static gboolean
poll_cb (gpointer user_data)
{
  GuichetJournalWatch *self = user_data;
  g_autoptr (GTask) task = NULL;

  if (self->cancellable != NULL) /* the last read is still going */
    return G_SOURCE_CONTINUE;

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, read_version_done, NULL);
  g_task_set_source_tag (task, poll_cb);
  g_task_set_name (task, "[guichet] journal version");
  g_task_set_task_data (task, g_object_ref (self->store), g_object_unref);
  g_task_run_in_thread (task, read_version_run);
  return G_SOURCE_CONTINUE;
}

static void
guichet_journal_watch_dispose (GObject *object)
{
  GuichetJournalWatch *self = GUICHET_JOURNAL_WATCH (object);

  guichet_journal_watch_set_active (self, FALSE);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (guichet_journal_watch_parent_class)->dispose (object);
}

static void
guichet_journal_watch_class_init (GuichetJournalWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = guichet_journal_watch_dispose;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
guichet_journal_watch_init (GuichetJournalWatch *self)
{
  self->version = -1;
}

GuichetJournalWatch *
guichet_journal_watch_new (GuichetStore *store,
                           guint         interval_ms)
{
  GuichetJournalWatch *self;

  g_return_val_if_fail (GUICHET_IS_STORE (store), NULL);
  g_return_val_if_fail (interval_ms > 0, NULL);

  self = g_object_new (GUICHET_TYPE_JOURNAL_WATCH, NULL);
  self->store = g_object_ref (store);
  self->interval_ms = interval_ms;
  return self;
}

void
guichet_journal_watch_set_active (GuichetJournalWatch *self,
                                  gboolean             active)
{
  g_return_if_fail (GUICHET_IS_JOURNAL_WATCH (self));

  if (active == (self->timeout_id != 0))
    return;

  if (active)
    {
      self->timeout_id = g_timeout_add (self->interval_ms, poll_cb, self);
      poll_cb (self);
      return;
    }

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

gboolean
guichet_journal_watch_get_active (GuichetJournalWatch *self)
{
  g_return_val_if_fail (GUICHET_IS_JOURNAL_WATCH (self), FALSE);

  return self->timeout_id != 0;
}

gint64
guichet_journal_watch_get_version (GuichetJournalWatch *self)
{
  g_return_val_if_fail (GUICHET_IS_JOURNAL_WATCH (self), -1);

  return self->version;
}
