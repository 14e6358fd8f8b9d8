/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-participant-list"

#include "config.h"

#include <string.h>

#include "guichet-enums.h"
#include "guichet-participant.h"
#include "guichet-participant-list.h"
#include "guichet-store.h"

/* Objects made for the last positions read, indexed by position modulo the
 * size: a view scrolling through the list reuses them. */
#define CACHE_SIZE 256

/* A search that matches a good part of the event shows this many rows
 * first (more than a screen), then all of them. */
#define HEAD_ROWS 60

typedef struct
{
  guint               position;
  GuichetParticipant *item;
} CacheSlot;

struct _GuichetParticipantList
{
  GObject parent_instance;

  GuichetStore          *store;
  char                  *account_id;
  char                  *event_id;
  char                  *search;
  GuichetParticipantSort sort;
  gboolean               sort_descending;
  char                 **ticket_types; /* NULL: every type */
  GuichetCheckInFilter   check_in;

  GArray   *rowids;  /* gint64 */
  gint64    n_total; /* the event's participants, -1: not known */
  GError   *error;   /* the last load's, or NULL */
  CacheSlot cache[CACHE_SIZE];
  guint64   n_rows_read; /* rows read from the store, one by one */

  GCancellable *load_cancellable;
  guint         load_serial; /* only the latest load lands */
  guint         head_serial; /* the load whose first rows are shown, 0: none */
  guint         loading : 1;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GuichetParticipantList, guichet_participant_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum
{
  PROP_0,
  PROP_STORE,
  PROP_ACCOUNT_ID,
  PROP_EVENT_ID,
  PROP_SEARCH,
  PROP_SORT,
  PROP_SORT_DESCENDING,
  PROP_TICKET_TYPES,
  PROP_CHECK_IN_FILTER,
  PROP_LOADING,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
clear_cache (GuichetParticipantList *self)
{
  for (guint i = 0; i < CACHE_SIZE; i++)
    g_clear_object (&self->cache[i].item);
}

static void
set_loading (GuichetParticipantList *self,
             gboolean                loading)
{
  loading = !!loading;
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Swaps in a new set of rows and tells the views. @more: the rows shown
 * are the first of @rowids (a search's first rows, then all of them):
 * only the rest is added. */
static void
apply_rowids (GuichetParticipantList *self,
              GArray                 *rowids,
              gboolean                more)
{
  guint old_n = self->rowids->len;
  guint new_n = rowids->len;

  more = more && old_n <= new_n &&
         memcmp (self->rowids->data, rowids->data, old_n * sizeof (gint64)) == 0;
  g_array_unref (self->rowids);
  self->rowids = g_array_ref (rowids);

  if (more)
    {
      if (new_n > old_n)
        g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, new_n - old_n);
    }
  else
    {
      clear_cache (self);
      if (old_n != 0 || new_n != 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, new_n);
    }
  if (old_n != new_n)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* GListModel */

static GType
guichet_participant_list_get_item_type (GListModel *model)
{
  return GUICHET_TYPE_PARTICIPANT;
}

static guint
guichet_participant_list_get_n_items (GListModel *model)
{
  GuichetParticipantList *self = GUICHET_PARTICIPANT_LIST (model);

  return self->rowids->len;
}

static gpointer
guichet_participant_list_get_item (GListModel *model,
                                   guint       position)
{
  GuichetParticipantList *self = GUICHET_PARTICIPANT_LIST (model);
  CacheSlot              *slot;
  GuichetParticipant     *item;

  if (position >= self->rowids->len)
    return NULL;

  slot = &self->cache[position % CACHE_SIZE];
  if (slot->item != NULL && slot->position == position)
    return g_object_ref (slot->item);

  item = guichet_store_get_participant_by_rowid (self->store,
                                                 g_array_index (self->rowids, gint64, position));
  self->n_rows_read++;
  /* The row went away since the load (the account was removed): an empty
   * participant keeps the model's promise until the next reload. */
  if (item == NULL)
    item = g_object_new (GUICHET_TYPE_PARTICIPANT, NULL);

  g_set_object (&slot->item, item);
  slot->position = position;
  return item;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = guichet_participant_list_get_item_type;
  iface->get_n_items = guichet_participant_list_get_n_items;
  iface->get_item = guichet_participant_list_get_item;
}

/* Loading */

typedef struct
{
  char                  *account_id;
  char                  *event_id;
  char                  *search;
  char                 **ticket_types;
  GuichetCheckInFilter   check_in;
  GuichetParticipantSort sort;
  gboolean               descending;
  guint                  serial;
  gint64                 n_total; /* set by the thread */
} LoadData;

/* A load's first rows, handed to the main thread while the rest loads. */
typedef struct
{
  GuichetParticipantList *self;
  guint                   serial;
  GArray                 *rowids;
  gint64                  n_total;
} Head;

static void
head_free (Head *head)
{
  g_object_unref (head->self);
  g_array_unref (head->rowids);
  g_free (head);
}

static gboolean
show_head (gpointer data)
{
  Head                   *head = data;
  GuichetParticipantList *self = head->self;

  if (head->serial == self->load_serial)
    {
      g_clear_error (&self->error);
      self->n_total = head->n_total;
      self->head_serial = head->serial;
      apply_rowids (self, head->rowids, FALSE);
    }
  return G_SOURCE_REMOVE;
}

static void
load_data_free (LoadData *data)
{
  g_free (data->account_id);
  g_free (data->event_id);
  g_free (data->search);
  g_strfreev (data->ticket_types);
  g_free (data);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GuichetParticipantList *self = source_object;
  LoadData               *data = task_data;
  GError                 *error = NULL;
  GArray                 *rowids;
  guint                   n_event = 0;

  if (g_task_return_error_if_cancelled (task))
    return;

  /* A search alone: its first rows at once where it matches a good part
   * of the event (listing all of those takes longest), then the rest. */
  if (data->search != NULL && data->ticket_types == NULL &&
      data->check_in == GUICHET_CHECK_IN_FILTER_ALL)
    {
      gboolean complete = FALSE;

      rowids =
        guichet_store_list_participant_rowids_head (self->store, data->account_id, data->event_id,
                                                    data->search, data->sort, data->descending,
                                                    HEAD_ROWS, &complete, &n_event, &error);
      if (rowids == NULL && error != NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      if (rowids != NULL && complete)
        {
          data->n_total = n_event;
          g_task_return_pointer (task, rowids, (GDestroyNotify) g_array_unref);
          return;
        }
      if (rowids != NULL)
        {
          Head *head = g_new0 (Head, 1);

          head->self = g_object_ref (self);
          head->serial = data->serial;
          head->rowids = rowids;
          head->n_total = n_event;
          g_main_context_invoke_full (g_task_get_context (task), G_PRIORITY_DEFAULT, show_head,
                                      head, (GDestroyNotify) head_free);
        }
    }

  rowids =
    guichet_store_list_participant_rowids_filtered (self->store, data->account_id, data->event_id,
                                                    data->search,
                                                    (const char * const *) data->ticket_types,
                                                    data->check_in, data->sort, data->descending,
                                                    &n_event, cancellable, &error);
  if (rowids == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* The store's order in hand holds the whole event: counting the event
   * again cost 50 to 70 ms a key at 1,000,000 participants. */
  data->n_total = n_event;

  g_task_return_pointer (task, rowids, (GDestroyNotify) g_array_unref);
}

static void
load_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GuichetParticipantList *self = GUICHET_PARTICIPANT_LIST (object);
  LoadData               *data = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) rowids = NULL;

  rowids = g_task_propagate_pointer (G_TASK (result), &error);

  if (data->serial != self->load_serial)
    return; /* a newer load is on its way, or a sync load landed */

  if (rowids == NULL)
    {
      g_debug ("Could not load the participants of %s/%s: %s", self->account_id, self->event_id,
               error->message);
      g_clear_error (&self->error);
      self->error = g_steal_pointer (&error);
    }
  else
    {
      g_clear_error (&self->error);
      self->n_total = data->n_total;
      apply_rowids (self, rowids, self->head_serial == data->serial);
    }
  self->head_serial = 0;

  set_loading (self, FALSE);
}

/* Whatever is loading in the background is older than what comes next. */
static void
supersede_load (GuichetParticipantList *self)
{
  self->load_serial++;
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
}

static void
start_load (GuichetParticipantList *self)
{
  g_autoptr (GTask) task = NULL;
  LoadData *data;

  if (self->store == NULL || self->account_id == NULL || self->event_id == NULL)
    return;

  supersede_load (self);
  self->load_cancellable = g_cancellable_new ();

  data = g_new0 (LoadData, 1);
  data->account_id = g_strdup (self->account_id);
  data->event_id = g_strdup (self->event_id);
  data->search = g_strdup (self->search);
  data->ticket_types = g_strdupv (self->ticket_types);
  data->check_in = self->check_in;
  data->sort = self->sort;
  data->descending = self->sort_descending;
  data->serial = self->load_serial;

  task = g_task_new (self, self->load_cancellable, load_done, NULL);
  g_task_set_source_tag (task, start_load);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);

  set_loading (self, TRUE);
}

/* GObject */

static void
guichet_participant_list_constructed (GObject *object)
{
  GuichetParticipantList *self = GUICHET_PARTICIPANT_LIST (object);

  G_OBJECT_CLASS (guichet_participant_list_parent_class)->constructed (object);

  start_load (self);
}

static void
guichet_participant_list_dispose (GObject *object)
{
  GuichetParticipantList *self = GUICHET_PARTICIPANT_LIST (object);

  clear_cache (self);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (guichet_participant_list_parent_class)->dispose (object);
}

static void
guichet_participant_list_finalize (GObject *object)
{
  GuichetParticipantList *self = GUICHET_PARTICIPANT_LIST (object);

  g_clear_pointer (&self->rowids, g_array_unref);
  g_clear_pointer (&self->account_id, g_free);
  g_clear_pointer (&self->event_id, g_free);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->ticket_types, g_strfreev);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (guichet_participant_list_parent_class)->finalize (object);
}

static void
guichet_participant_list_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  GuichetParticipantList *self = GUICHET_PARTICIPANT_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_ACCOUNT_ID:
      g_value_set_string (value, self->account_id);
      break;
    case PROP_EVENT_ID:
      g_value_set_string (value, self->event_id);
      break;
    case PROP_SEARCH:
      g_value_set_string (value, self->search);
      break;
    case PROP_SORT:
      g_value_set_enum (value, self->sort);
      break;
    case PROP_SORT_DESCENDING:
      g_value_set_boolean (value, self->sort_descending);
      break;
    case PROP_TICKET_TYPES:
      g_value_set_boxed (value, self->ticket_types);
      break;
    case PROP_CHECK_IN_FILTER:
      g_value_set_enum (value, self->check_in);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->rowids->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_participant_list_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  GuichetParticipantList *self = GUICHET_PARTICIPANT_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_ACCOUNT_ID:
      self->account_id = g_value_dup_string (value);
      break;
    case PROP_EVENT_ID:
      self->event_id = g_value_dup_string (value);
      break;
    case PROP_SEARCH:
      guichet_participant_list_set_search (self, g_value_get_string (value));
      break;
    case PROP_SORT:
      guichet_participant_list_set_sort (self, g_value_get_enum (value), self->sort_descending);
      break;
    case PROP_SORT_DESCENDING:
      guichet_participant_list_set_sort (self, self->sort, g_value_get_boolean (value));
      break;
    case PROP_TICKET_TYPES:
      guichet_participant_list_set_ticket_types (self, g_value_get_boxed (value));
      break;
    case PROP_CHECK_IN_FILTER:
      guichet_participant_list_set_check_in_filter (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_participant_list_class_init (GuichetParticipantListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = guichet_participant_list_constructed;
  object_class->dispose = guichet_participant_list_dispose;
  object_class->finalize = guichet_participant_list_finalize;
  object_class->get_property = guichet_participant_list_get_property;
  object_class->set_property = guichet_participant_list_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, GUICHET_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ACCOUNT_ID] =
    g_param_spec_string ("account-id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_EVENT_ID] =
    g_param_spec_string ("event-id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SORT] =
    g_param_spec_enum ("sort", NULL, NULL, GUICHET_TYPE_PARTICIPANT_SORT,
                       GUICHET_PARTICIPANT_SORT_NAME,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SORT_DESCENDING] =
    g_param_spec_boolean ("sort-descending", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TICKET_TYPES] =
    g_param_spec_boxed ("ticket-types", NULL, NULL, G_TYPE_STRV,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CHECK_IN_FILTER] =
    g_param_spec_enum ("check-in-filter", NULL, NULL, GUICHET_TYPE_CHECK_IN_FILTER,
                       GUICHET_CHECK_IN_FILTER_ALL,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
guichet_participant_list_init (GuichetParticipantList *self)
{
  self->rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->n_total = -1;
}

GuichetParticipantList *
guichet_participant_list_new (GuichetStore *store,
                              const char   *account_id,
                              const char   *event_id)
{
  g_return_val_if_fail (GUICHET_IS_STORE (store), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (event_id != NULL, NULL);

  return g_object_new (GUICHET_TYPE_PARTICIPANT_LIST, "store", store, "account-id", account_id,
                       "event-id", event_id, NULL);
}

void
guichet_participant_list_set_search (GuichetParticipantList *self,
                                     const char             *search)
{
  g_return_if_fail (GUICHET_IS_PARTICIPANT_LIST (self));

  if (search != NULL && *search == '\0')
    search = NULL;

  if (g_strcmp0 (self->search, search) == 0)
    return;

  g_free (self->search);
  self->search = g_strdup (search);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);

  start_load (self);
}

void
guichet_participant_list_set_sort (GuichetParticipantList *self,
                                   GuichetParticipantSort  sort,
                                   gboolean                descending)
{
  gboolean changed = FALSE;

  g_return_if_fail (GUICHET_IS_PARTICIPANT_LIST (self));
  g_return_if_fail (sort <= GUICHET_PARTICIPANT_SORT_CHECKED_IN);

  descending = !!descending;
  g_object_freeze_notify (G_OBJECT (self));
  if (self->sort != sort)
    {
      self->sort = sort;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT]);
      changed = TRUE;
    }
  if (self->sort_descending != descending)
    {
      self->sort_descending = descending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT_DESCENDING]);
      changed = TRUE;
    }
  g_object_thaw_notify (G_OBJECT (self));

  /* The store sorts: one query, the list stays rowids. */
  if (changed)
    start_load (self);
}

/* Equal as filters: NULL and empty both keep every type; the order of
 * the ids does not matter. */
static gboolean
same_ticket_types (const char * const *a,
                   const char * const *b)
{
  guint n_a = a != NULL ? g_strv_length ((char **) a) : 0;
  guint n_b = b != NULL ? g_strv_length ((char **) b) : 0;

  if (n_a != n_b)
    return FALSE;
  for (guint i = 0; i < n_a; i++)
    if (!g_strv_contains (b, a[i]))
      return FALSE;
  return TRUE;
}

void
guichet_participant_list_set_ticket_types (GuichetParticipantList *self,
                                           const char * const     *ticket_type_ids)
{
  g_return_if_fail (GUICHET_IS_PARTICIPANT_LIST (self));

  if (same_ticket_types ((const char * const *) self->ticket_types, ticket_type_ids))
    return;

  g_strfreev (self->ticket_types);
  self->ticket_types = ticket_type_ids != NULL && ticket_type_ids[0] != NULL
                         ? g_strdupv ((char **) ticket_type_ids)
                         : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKET_TYPES]);

  start_load (self);
}

const char * const *
guichet_participant_list_get_ticket_types (GuichetParticipantList *self)
{
  g_return_val_if_fail (GUICHET_IS_PARTICIPANT_LIST (self), NULL);

  return (const char * const *) self->ticket_types;
}

void
guichet_participant_list_set_check_in_filter (GuichetParticipantList *self,
                                              GuichetCheckInFilter    check_in)
{
  g_return_if_fail (GUICHET_IS_PARTICIPANT_LIST (self));
  g_return_if_fail (check_in <= GUICHET_CHECK_IN_FILTER_NOT_CHECKED_IN);

  if (self->check_in == check_in)
    return;

  self->check_in = check_in;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECK_IN_FILTER]);

  start_load (self);
}

GuichetCheckInFilter
guichet_participant_list_get_check_in_filter (GuichetParticipantList *self)
{
  g_return_val_if_fail (GUICHET_IS_PARTICIPANT_LIST (self), GUICHET_CHECK_IN_FILTER_ALL);

  return self->check_in;
}

GuichetParticipantSort
guichet_participant_list_get_sort (GuichetParticipantList *self)
{
  g_return_val_if_fail (GUICHET_IS_PARTICIPANT_LIST (self), GUICHET_PARTICIPANT_SORT_NAME);

  return self->sort;
}

gboolean
guichet_participant_list_get_sort_descending (GuichetParticipantList *self)
{
  g_return_val_if_fail (GUICHET_IS_PARTICIPANT_LIST (self), FALSE);

  return self->sort_descending;
}

const char *
guichet_participant_list_get_search (GuichetParticipantList *self)
{
  g_return_val_if_fail (GUICHET_IS_PARTICIPANT_LIST (self), NULL);

  return self->search;
}

gboolean
guichet_participant_list_get_loading (GuichetParticipantList *self)
{
  g_return_val_if_fail (GUICHET_IS_PARTICIPANT_LIST (self), FALSE);

  return self->loading;
}

void
guichet_participant_list_reload (GuichetParticipantList *self)
{
  g_return_if_fail (GUICHET_IS_PARTICIPANT_LIST (self));

  start_load (self);
}

void
guichet_participant_list_refresh_check_ins (GuichetParticipantList *self)
{
  g_return_if_fail (GUICHET_IS_PARTICIPANT_LIST (self));

  if (self->check_in != GUICHET_CHECK_IN_FILTER_ALL ||
      self->sort == GUICHET_PARTICIPANT_SORT_CHECKED_IN)
    {
      start_load (self);
      return;
    }

  /* The same rows in the same order: only those handed out are stale.
   * One at a time, so the views keep everything else (scroll, selection
   * elsewhere) as it is. */
  for (guint i = 0; i < CACHE_SIZE; i++)
    {
      CacheSlot *slot = &self->cache[i];
      guint      position = slot->position;

      if (slot->item == NULL)
        continue;
      g_clear_object (&slot->item);
      if (position < self->rowids->len)
        g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
    }
}

gboolean
guichet_participant_list_load_sync (GuichetParticipantList *self,
                                    GError                **error)
{
  g_autoptr (GArray) rowids = NULL;
  guint n_event = 0;

  g_return_val_if_fail (GUICHET_IS_PARTICIPANT_LIST (self), FALSE);

  supersede_load (self);

  rowids =
    guichet_store_list_participant_rowids_filtered (self->store, self->account_id, self->event_id,
                                                    self->search,
                                                    (const char * const *) self->ticket_types,
                                                    self->check_in, self->sort,
                                                    self->sort_descending, &n_event, NULL, error);
  set_loading (self, FALSE);
  if (rowids == NULL)
    return FALSE;

  self->n_total = n_event;
  apply_rowids (self, rowids, FALSE);
  return TRUE;
}

gboolean
guichet_participant_list_get_partial (GuichetParticipantList *self)
{
  g_return_val_if_fail (GUICHET_IS_PARTICIPANT_LIST (self), FALSE);
  return self->head_serial != 0 && self->head_serial == self->load_serial;
}

gint64
guichet_participant_list_get_n_total (GuichetParticipantList *self)
{
  g_return_val_if_fail (GUICHET_IS_PARTICIPANT_LIST (self), -1);

  return self->n_total;
}

const GError *
guichet_participant_list_get_error (GuichetParticipantList *self)
{
  g_return_val_if_fail (GUICHET_IS_PARTICIPANT_LIST (self), NULL);

  return self->error;
}

guint64
guichet_participant_list_get_n_rows_read (GuichetParticipantList *self)
{
  g_return_val_if_fail (GUICHET_IS_PARTICIPANT_LIST (self), 0);

  return self->n_rows_read;
}
