/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-tickets-view"

#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include "guichet-application.h"
#include "guichet-providers.h"
#include "guichet-tickets-view.h"
#include "guichet-spinner.h"

struct _GuichetTicketsView
{
  GuichetPage parent_instance;

  /* Template widgets */
  GtkStack            *stack;
  GtkButton           *expand_button;
  GtkButton           *collapse_button;
  GtkLabel            *stats_label;
  GtkSpinner          *stats_spinner;
  GtkButton           *stats_button;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *scans_column; /* owned by the column view */

  /* "account-id/event-id" of the event shown, to tell a refresh */
  char    *event_key;
  guint    keep_id; /* the expanded rows are written then */
  gboolean loading; /* the tree is being read again */

  GListStore       *roots;
  GtkTreeListModel *tree;

  /* Scan statistics, per ticket id (GuichetTicketStats), kept in the view:
   * the platform counts them, the store does not keep them. */
  GHashTable *stats;
  GPtrArray  *stats_labels; /* the "Scans" cells alive, weak references */

  /* Refreshing the statistics, one ticket at a time */
  GCancellable    *stats_cancellable;
  GuichetProvider *provider; /* the session's, while refreshing */
  GPtrArray       *pending_ids;
  guint            next_id;
};

G_DEFINE_FINAL_TYPE (GuichetTicketsView, guichet_tickets_view, GUICHET_TYPE_PAGE)

static GListModel *
create_children (gpointer item,
                 gpointer user_data)
{
  GuichetTicketCategory *category = item;
  GListModel            *children;

  if (guichet_ticket_category_get_kind (category) != GUICHET_CATEGORY_KIND_CATEGORY)
    return NULL;

  children = guichet_ticket_category_get_children (category);
  if (children == NULL || g_list_model_get_n_items (children) == 0)
    return NULL;

  return g_object_ref (children);
}

static GuichetTicketCategory *
category_of (GtkListItem *list_item)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);

  return row != NULL ? gtk_tree_list_row_get_item (row) : NULL;
}

/* Name: an expander, bold for categories */

static void
setup_name (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), label);
  gtk_list_item_set_child (list_item, expander);
}

static void
bind_name (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  GtkTreeExpander *expander = GTK_TREE_EXPANDER (gtk_list_item_get_child (list_item));
  GtkWidget       *label = gtk_tree_expander_get_child (expander);
  g_autoptr (GuichetTicketCategory) category = category_of (list_item);
  const char *name = guichet_ticket_category_get_name (category);

  gtk_tree_expander_set_list_row (expander, gtk_list_item_get_item (list_item));
  gtk_label_set_label (GTK_LABEL (label), name != NULL ? name : "");
  if (guichet_ticket_category_get_kind (category) == GUICHET_CATEGORY_KIND_CATEGORY)
    gtk_widget_add_css_class (label, "heading");
  else
    gtk_widget_remove_css_class (label, "heading");
}

static void
unbind_name (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (gtk_list_item_get_child (list_item)), NULL);
}

/* Text columns */

typedef char *(*CellText) (GuichetTicketsView    *self,
                           GuichetTicketCategory *category);

static void
setup_text (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

static void
bind_text (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  GuichetTicketsView *self = user_data;
  CellText            text_func = g_object_get_data (G_OBJECT (factory), "text-func");
  g_autoptr (GuichetTicketCategory) category = category_of (list_item);
  g_autofree char *text = text_func (self, category);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (list_item)), text != NULL ? text : "");
}

static char *
price_text (GuichetTicketsView    *self,
            GuichetTicketCategory *category)
{
  const GuichetMoney *price = guichet_ticket_category_get_price (category);

  if (guichet_ticket_category_get_kind (category) == GUICHET_CATEGORY_KIND_CATEGORY)
    return NULL;
  if (price->amount_minor == 0)
    return g_strdup (C_("price", "Free"));

  /* In the desk's locale: "89,00 €" in French, "€89.00" in English */
  return guichet_money_format (price);
}

static char *
sold_text (GuichetTicketsView    *self,
           GuichetTicketCategory *category)
{
  gint64 quota = guichet_ticket_category_get_quota (category);
  gint64 sold = guichet_ticket_category_get_sold (category);

  if (quota < 0)
    /* Translators: tickets sold, without a quota: "12 / ∞" */
    return g_strdup_printf (_("%lld / ∞"), (long long) sold);

  /* Translators: tickets sold and the quota: "12 / 200" */
  return g_strdup_printf (_("%lld / %lld"), (long long) sold, (long long) quota);
}

static char *
checked_in_text (GuichetTicketsView    *self,
                 GuichetTicketCategory *category)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, guichet_ticket_category_get_checked_in (category));
}

static void
update_stats_label (GuichetTicketsView *self,
                    GtkLabel           *label)
{
  const char         *id = g_object_get_data (G_OBJECT (label), "ticket-id");
  GuichetTicketStats *stats = id != NULL ? g_hash_table_lookup (self->stats, id) : NULL;
  g_autofree char    *text = NULL;

  if (stats != NULL)
    /* Translators: scan statistics of a ticket type: scanned of total, entries and exits */
    text =
      g_strdup_printf (_("%lld of %lld scanned · %lld in · %lld out"), (long long) stats->scanned,
                         (long long) stats->total, (long long) stats->in, (long long) stats->out);

  gtk_label_set_label (label, text != NULL ? text : "");
}

/* A "Scans" cell went away (teardown may not run when the whole view is
 * torn down): never keep a pointer to a dead label. */
static void
stats_label_finalized (gpointer user_data,
                       GObject *where_the_label_was)
{
  GuichetTicketsView *self = user_data;

  g_ptr_array_remove_fast (self->stats_labels, where_the_label_was);
}

static void
setup_stats (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  GuichetTicketsView *self = user_data;
  GtkWidget          *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
  g_ptr_array_add (self->stats_labels, label);
  g_object_weak_ref (G_OBJECT (label), stats_label_finalized, self);
}

static void
teardown_stats (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  GuichetTicketsView *self = user_data;
  GtkWidget          *label = gtk_list_item_get_child (list_item);

  if (label != NULL && g_ptr_array_remove_fast (self->stats_labels, label))
    g_object_weak_unref (G_OBJECT (label), stats_label_finalized, self);
}

static void
bind_stats (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  GuichetTicketsView *self = user_data;
  g_autoptr (GuichetTicketCategory) category = category_of (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);

  g_object_set_data_full (G_OBJECT (label), "ticket-id",
                          g_strdup (guichet_ticket_category_get_id (category)), g_free);
  update_stats_label (self, GTK_LABEL (label));
}

static GtkColumnViewColumn *
add_column (GuichetTicketsView *self,
            const char         *title,
            GCallback           setup,
            GCallback           bind,
            GCallback           unbind,
            GCallback           teardown,
            CellText            text_func)
{
  GtkListItemFactory  *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_object_set_data (G_OBJECT (factory), "text-func", text_func);
  g_signal_connect (factory, "setup", setup, self);
  g_signal_connect (factory, "bind", bind, self);
  if (unbind != NULL)
    g_signal_connect (factory, "unbind", unbind, self);
  if (teardown != NULL)
    g_signal_connect (factory, "teardown", teardown, self);

  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_append_column (self->column_view, column);
  g_object_unref (column);

  return column;
}

/* Expanding */

static void
set_all_expanded (GuichetTicketsView *self,
                  gboolean            expanded)
{
  /* Rows appear as their parents expand, so the count grows as we go. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->tree)); i++)
    {
      g_autoptr (GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree, i);

      if (row != NULL && gtk_tree_list_row_is_expandable (row))
        gtk_tree_list_row_set_expanded (row, expanded);
    }
}

/* The ids of the expanded categories, to expand them again after the
 * event's tree is read again (a sync must not collapse what was open). */
static GHashTable *
save_expanded (GuichetTicketsView *self)
{
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->tree)); i++)
    {
      g_autoptr (GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree, i);
      g_autoptr (GuichetTicketCategory) category = NULL;

      if (row == NULL || !gtk_tree_list_row_get_expanded (row))
        continue;
      category = gtk_tree_list_row_get_item (row);
      g_hash_table_add (ids, g_strdup (guichet_ticket_category_get_id (category)));
    }

  return ids;
}

static void
restore_expanded (GuichetTicketsView *self,
                  GHashTable         *ids)
{
  for (guint i = 0;
       g_hash_table_size (ids) > 0 && i < g_list_model_get_n_items (G_LIST_MODEL (self->tree)); i++)
    {
      g_autoptr (GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree, i);
      g_autoptr (GuichetTicketCategory) category = NULL;

      if (row == NULL || !gtk_tree_list_row_is_expandable (row))
        continue;
      category = gtk_tree_list_row_get_item (row);
      if (g_hash_table_contains (ids, guichet_ticket_category_get_id (category)))
        gtk_tree_list_row_set_expanded (row, TRUE);
    }
}

/* Kept across runs in GSettings ("expanded-categories": one
 * "account/event/category" string each, the newest last, a bounded list). */
#define MAX_KEPT_EXPANDED 500

static GSettings *
app_settings (void)
{
  GApplication *app = g_application_get_default ();
  GSettings    *settings = GUICHET_IS_APPLICATION (app)
                             ? guichet_application_get_settings (GUICHET_APPLICATION (app))
                             : NULL;

  return guichet_settings_has_key (settings, "expanded-categories") ? settings : NULL;
}

/* Writes what is open in @event_key's tree, in place of what was kept. */
static void
keep_expanded (GuichetTicketsView *self,
               const char         *event_key)
{
  GSettings *settings = app_settings ();
  g_autoptr (GHashTable) open = NULL;
  g_auto (GStrv) kept = NULL;
  g_autoptr (GStrvBuilder) builder = NULL;
  g_autoptr (GPtrArray) all = NULL;
  g_autofree char *prefix = NULL;
  g_auto (GStrv) result = NULL;
  GHashTableIter iter;
  gpointer       id;
  guint          first;

  if (settings == NULL || event_key == NULL)
    return;

  open = save_expanded (self);
  prefix = g_strconcat (event_key, "/", NULL);
  kept = g_settings_get_strv (settings, "expanded-categories");
  all = g_ptr_array_new ();
  for (guint i = 0; kept[i] != NULL; i++)
    if (!g_str_has_prefix (kept[i], prefix))
      g_ptr_array_add (all, kept[i]);
  builder = g_strv_builder_new ();
  first = all->len + g_hash_table_size (open) > MAX_KEPT_EXPANDED
            ? all->len + g_hash_table_size (open) - MAX_KEPT_EXPANDED
            : 0;
  for (guint i = MIN (first, all->len); i < all->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (all, i));
  g_hash_table_iter_init (&iter, open);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    {
      g_autofree char *entry = g_strconcat (prefix, (const char *) id, NULL);

      g_strv_builder_add (builder, entry);
    }
  result = g_strv_builder_end (builder);
  if (!g_strv_equal ((const char * const *) result, (const char * const *) kept))
    g_settings_set_strv (settings, "expanded-categories", (const char * const *) result);
}

static gboolean
keep_expanded_cb (gpointer user_data)
{
  GuichetTicketsView *self = user_data;

  self->keep_id = 0;
  keep_expanded (self, self->event_key);
  return G_SOURCE_REMOVE;
}

/* A row opened or closed: written once the main loop is idle. */
static void
on_tree_changed (GuichetTicketsView *self)
{
  if (self->loading || self->keep_id != 0 || self->event_key == NULL)
    return;
  self->keep_id = g_idle_add (keep_expanded_cb, self);
}

/* The ids kept open for @event_key's tree, or NULL. */
static GHashTable *
kept_expanded (const char *event_key)
{
  GSettings *settings = app_settings ();
  g_auto (GStrv) kept = NULL;
  g_autofree char *prefix = NULL;
  GHashTable      *ids;

  if (settings == NULL || event_key == NULL)
    return NULL;
  prefix = g_strconcat (event_key, "/", NULL);
  kept = g_settings_get_strv (settings, "expanded-categories");
  ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; kept[i] != NULL; i++)
    if (g_str_has_prefix (kept[i], prefix))
      g_hash_table_add (ids, g_strdup (kept[i] + strlen (prefix)));
  return ids;
}

static void
expand_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  set_all_expanded (GUICHET_TICKETS_VIEW (widget), TRUE);
}

static void
collapse_all_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  set_all_expanded (GUICHET_TICKETS_VIEW (widget), FALSE);
}

/* Scan statistics */

static void
collect_ticket_ids (GListModel *model,
                    GPtrArray  *ids)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (GuichetTicketCategory) node = g_list_model_get_item (model, i);

      if (guichet_ticket_category_get_kind (node) == GUICHET_CATEGORY_KIND_TICKET)
        g_ptr_array_add (ids, g_strdup (guichet_ticket_category_get_id (node)));
      else if (guichet_ticket_category_get_children (node) != NULL)
        collect_ticket_ids (guichet_ticket_category_get_children (node), ids);
    }
}

static void
stats_done (GuichetTicketsView *self,
            const GError       *error)
{
  g_clear_object (&self->stats_cancellable);
  g_clear_object (&self->provider);
  g_clear_pointer (&self->pending_ids, g_ptr_array_unref);

  guichet_spinner_set_busy (self->stats_spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->stats_spinner), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tickets.refresh-stats", TRUE);

  if (error != NULL)
    {
      g_debug ("Scan statistics: %s", error->message);
      gtk_label_set_label (self->stats_label, error->message);
    }
  else
    {
      g_autoptr (GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *time = g_date_time_format (now, "%H:%M");
      g_autofree char *text = NULL;

      /* Translators: %s is a time, e.g. 20:15 */
      text = g_strdup_printf (_("Scan statistics of %s"), time);
      gtk_label_set_label (self->stats_label, text);
    }
}

static void fetch_next_stats (GuichetTicketsView *self);

/* What a pending request knows of the view: the view itself only while
 * @cancellable is not cancelled (the view cancels on a new event and in
 * dispose, so a late answer never touches it). */
typedef struct
{
  GuichetTicketsView *self; /* not owned */
  GCancellable       *cancellable;
} StatsRequest;

static StatsRequest *
stats_request_new (GuichetTicketsView *self)
{
  StatsRequest *request = g_new0 (StatsRequest, 1);

  request->self = self;
  request->cancellable = g_object_ref (self->stats_cancellable);

  return request;
}

static GuichetTicketsView *
stats_request_free (StatsRequest *request)
{
  GuichetTicketsView *self = NULL;

  if (!g_cancellable_is_cancelled (request->cancellable))
    self = request->self;
  g_object_unref (request->cancellable);
  g_free (request);

  return self;
}

static void
stats_fetched_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GuichetTicketsView *self = stats_request_free (user_data);
  GuichetTicketStats  stats = {
    0,
  };
  g_autoptr (GError) error = NULL;
  gboolean    ok;
  const char *id;

  ok = guichet_provider_ticket_stats_finish (GUICHET_PROVIDER (object), result, &stats, &error);
  if (self == NULL)
    return;

  if (!ok)
    {
      stats_done (self, error);
      return;
    }

  id = g_ptr_array_index (self->pending_ids, self->next_id);
  g_hash_table_insert (self->stats, g_strdup (id), g_memdup2 (&stats, sizeof stats));

  for (guint i = 0; i < self->stats_labels->len; i++)
    {
      GtkLabel *label = g_ptr_array_index (self->stats_labels, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (label), "ticket-id"), id) == 0)
        update_stats_label (self, label);
    }

  self->next_id++;
  fetch_next_stats (self);
}

static void
fetch_next_stats (GuichetTicketsView *self)
{
  if (self->next_id >= self->pending_ids->len)
    {
      stats_done (self, NULL);
      return;
    }

  guichet_provider_ticket_stats_async (self->provider,
                                       g_ptr_array_index (self->pending_ids, self->next_id), NULL,
                                       self->stats_cancellable, stats_fetched_cb,
                                       stats_request_new (self));
}

static void
stats_provider_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GuichetTicketsView *self = stats_request_free (user_data);
  g_autoptr (GuichetProvider) provider = NULL;
  g_autoptr (GError) error = NULL;

  provider = guichet_session_get_provider_finish (GUICHET_SESSION (object), result, &error);
  if (self == NULL)
    return;

  if (provider == NULL)
    {
      stats_done (self, error);
      return;
    }

  self->provider = g_steal_pointer (&provider);
  fetch_next_stats (self);
}

static void
refresh_stats_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  GuichetTicketsView *self = GUICHET_TICKETS_VIEW (widget);
  GuichetSession     *session = guichet_page_get_session (GUICHET_PAGE (self));
  GuichetAccount     *account = guichet_page_get_account (GUICHET_PAGE (self));

  if (session == NULL || account == NULL || self->stats_cancellable != NULL)
    return;

  self->pending_ids = g_ptr_array_new_with_free_func (g_free);
  collect_ticket_ids (G_LIST_MODEL (self->roots), self->pending_ids);
  self->next_id = 0;
  self->stats_cancellable = g_cancellable_new ();

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tickets.refresh-stats", FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->stats_spinner), TRUE);
  guichet_spinner_set_busy (self->stats_spinner, TRUE);
  gtk_label_set_label (self->stats_label, _("Reading the scan statistics…"));

  /* The session's provider: signed in once, its renewed token kept. */
  guichet_session_get_provider_async (session, account, self->stats_cancellable, stats_provider_cb,
                                      stats_request_new (self));
}

static void
cancel_stats (GuichetTicketsView *self)
{
  if (self->stats_cancellable == NULL)
    return;

  g_cancellable_cancel (self->stats_cancellable);
  stats_done (self, NULL);
  gtk_label_set_label (self->stats_label, "");
}

/* GuichetPage */

static char *
event_key (GuichetEvent *event)
{
  if (event == NULL)
    return NULL;

  return g_strconcat (guichet_event_get_account_id (event), "/", guichet_event_get_id (event),
                      NULL);
}

static void
guichet_tickets_view_event_changed (GuichetPage *page)
{
  GuichetTicketsView *self = GUICHET_TICKETS_VIEW (page);
  GuichetEvent       *event = guichet_page_get_event (page);
  GuichetStore       *store = guichet_page_get_store (page);
  GuichetAccount     *account = guichet_page_get_account (page);
  g_autofree char    *key = event_key (event);
  g_autoptr (GPtrArray) roots = NULL;
  g_autoptr (GHashTable) expanded = NULL;
  g_autoptr (GError) error = NULL;
  GuichetProviderClass *klass = NULL;
  gboolean              can_stats;

  if (key == NULL || g_strcmp0 (key, self->event_key) != 0)
    {
      cancel_stats (self);
      g_hash_table_remove_all (self->stats);
      gtk_label_set_label (self->stats_label, "");
      /* Leaving an event: its tree opens as it was left, next time (and
       * after a restart). */
      if (self->keep_id != 0)
        {
          g_clear_handle_id (&self->keep_id, g_source_remove);
          keep_expanded (self, self->event_key);
        }
      expanded = kept_expanded (key);
    }
  else
    {
      /* The same event read again: keep what was open */
      expanded = save_expanded (self);
    }
  g_free (self->event_key);
  self->event_key = g_steal_pointer (&key);

  /* The tree is a few dozen rows at most: read at once. */
  if (store != NULL && event != NULL)
    roots = guichet_store_list_categories (store, guichet_event_get_account_id (event),
                                           guichet_event_get_id (event), &error);
  if (error != NULL)
    g_debug ("Could not read the categories: %s", error->message);

  self->loading = TRUE;
  g_list_store_remove_all (self->roots);
  if (roots != NULL)
    g_list_store_splice (self->roots, 0, 0, roots->pdata, roots->len);
  if (expanded != NULL)
    restore_expanded (self, expanded);
  self->loading = FALSE;

  if (account != NULL)
    klass = guichet_providers_get_class (guichet_account_get_provider (account));
  can_stats = klass != NULL && (klass->capabilities & GUICHET_PROVIDER_CAN_TICKET_STATS) != 0;
  gtk_widget_set_visible (GTK_WIDGET (self->stats_button), can_stats);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tickets.refresh-stats",
                                 can_stats && self->stats_cancellable == NULL);
  gtk_column_view_column_set_visible (self->scans_column, can_stats);

  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->roots)) > 0
                                      ? "tree"
                                      : "empty");
}

/* GObject */

static void
guichet_tickets_view_dispose (GObject *object)
{
  GuichetTicketsView *self = GUICHET_TICKETS_VIEW (object);

  g_cancellable_cancel (self->stats_cancellable);
  g_clear_object (&self->stats_cancellable);
  if (self->keep_id != 0)
    {
      g_clear_handle_id (&self->keep_id, g_source_remove);
      keep_expanded (self, self->event_key);
    }

  /* The template's root is the bin's child: let the bin drop it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), GUICHET_TYPE_TICKETS_VIEW);

  g_clear_object (&self->provider);
  g_clear_pointer (&self->pending_ids, g_ptr_array_unref);
  g_clear_object (&self->tree);
  g_clear_object (&self->roots);
  g_clear_pointer (&self->event_key, g_free);
  g_clear_pointer (&self->stats, g_hash_table_unref);
  if (self->stats_labels != NULL)
    {
      for (guint i = 0; i < self->stats_labels->len; i++)
        g_object_weak_unref (g_ptr_array_index (self->stats_labels, i), stats_label_finalized,
                             self);
      g_clear_pointer (&self->stats_labels, g_ptr_array_unref);
    }

  G_OBJECT_CLASS (guichet_tickets_view_parent_class)->dispose (object);
}

static void
guichet_tickets_view_class_init (GuichetTicketsViewClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = guichet_tickets_view_dispose;
  GUICHET_PAGE_CLASS (klass)->event_changed = guichet_tickets_view_event_changed;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/guichet/Guichet/guichet-tickets-view.ui");
  gtk_widget_class_bind_template_child (widget_class, GuichetTicketsView, stack);
  gtk_widget_class_bind_template_child (widget_class, GuichetTicketsView, expand_button);
  gtk_widget_class_bind_template_child (widget_class, GuichetTicketsView, collapse_button);
  gtk_widget_class_bind_template_child (widget_class, GuichetTicketsView, stats_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetTicketsView, stats_spinner);
  gtk_widget_class_bind_template_child (widget_class, GuichetTicketsView, stats_button);
  gtk_widget_class_bind_template_child (widget_class, GuichetTicketsView, column_view);

  /* The page's own actions, reachable from its buttons and accelerators. */
  gtk_widget_class_install_action (widget_class, "tickets.expand-all", NULL, expand_all_action);
  gtk_widget_class_install_action (widget_class, "tickets.collapse-all", NULL, collapse_all_action);
  gtk_widget_class_install_action (widget_class, "tickets.refresh-stats", NULL,
                                   refresh_stats_action);
}

static void
guichet_tickets_view_init (GuichetTicketsView *self)
{
  GtkColumnViewColumn *column;
  GtkSelectionModel   *selection;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->stats = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->stats_labels = g_ptr_array_new ();
  self->roots = g_list_store_new (GUICHET_TYPE_TICKET_CATEGORY);
  self->tree = gtk_tree_list_model_new (g_object_ref (G_LIST_MODEL (self->roots)), FALSE, FALSE,
                                        create_children, NULL, NULL);
  g_signal_connect_swapped (self->tree, "items-changed", G_CALLBACK (on_tree_changed), self);

  selection =
    GTK_SELECTION_MODEL (gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->tree))));
  gtk_single_selection_set_autoselect (GTK_SINGLE_SELECTION (selection), FALSE);
  gtk_column_view_set_model (self->column_view, selection);
  g_object_unref (selection);

  column = add_column (self, _("Name"), G_CALLBACK (setup_name), G_CALLBACK (bind_name),
                               G_CALLBACK (unbind_name), NULL, NULL);
  gtk_column_view_column_set_expand (column, TRUE);
  add_column (self, _("Price"), G_CALLBACK (setup_text), G_CALLBACK (bind_text), NULL, NULL,
                      price_text);
  add_column (self, _("Sold / Quota"), G_CALLBACK (setup_text), G_CALLBACK (bind_text), NULL, NULL,
                      sold_text);
  add_column (self, _("Checked In"), G_CALLBACK (setup_text), G_CALLBACK (bind_text), NULL, NULL,
                      checked_in_text);
  self->scans_column =
    add_column (self, _("Scans"), G_CALLBACK (setup_stats), G_CALLBACK (bind_stats), NULL,
                        G_CALLBACK (teardown_stats), NULL);
}
