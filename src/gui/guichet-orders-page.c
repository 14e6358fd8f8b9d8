/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-orders-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "guichet-orders-page.h"
#include "guichet-spinner.h"

struct _GuichetOrdersPage
{
  GuichetPage parent_instance;

  /* Template widgets */
  GtkStack      *stack;
  GtkSpinner    *loading_spinner;
  AdwStatusPage *error_page;
  GtkLabel      *count_label;
  GtkColumnView *column_view;

  GListStore   *orders;
  char         *event_key; /* account and event shown */
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (GuichetOrdersPage, guichet_orders_page, GUICHET_TYPE_PAGE)

typedef char *(*CellText) (GuichetOrder *order);

typedef struct
{
  GuichetOrdersPage *self;
  GCancellable      *cancellable;
  char              *event_id;
} Call;

static Call *
call_new (GuichetOrdersPage *self,
          GCancellable      *cancellable,
          const char        *event_id)
{
  Call *call = g_new0 (Call, 1);

  call->self = g_object_ref (self);
  call->cancellable = g_object_ref (cancellable);
  call->event_id = g_strdup (event_id);
  return call;
}

static void
call_free (Call *call)
{
  g_object_unref (call->self);
  g_object_unref (call->cancellable);
  g_free (call->event_id);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Call, call_free)

static char *
id_text (GuichetOrder *order)
{
  return g_strdup (guichet_order_get_id (order));
}

static char *
buyer_text (GuichetOrder *order)
{
  return g_strdup (guichet_order_get_buyer_name (order));
}

static char *
email_text (GuichetOrder *order)
{
  return g_strdup (guichet_order_get_email (order));
}

static char *
tickets_text (GuichetOrder *order)
{
  const char * const *ids = guichet_order_get_ticket_ids (order);

  return g_strdup_printf ("%u", ids != NULL ? g_strv_length ((char **) ids) : 0);
}

static char *
total_text (GuichetOrder *order)
{
  return guichet_money_format (guichet_order_get_total (order));
}

static char *
status_text (GuichetOrder *order)
{
  const char *status = guichet_order_get_status (order);

  if (status == NULL)
    return NULL;
  if (g_str_equal (status, "completed") || g_str_equal (status, "paid") ||
      g_str_equal (status, "valid"))
    return g_strdup (C_("order status", "Paid"));
  if (g_str_equal (status, "pending") || g_str_equal (status, "unpaid"))
    return g_strdup (C_("order status", "Pending"));
  if (g_str_equal (status, "refunded"))
    return g_strdup (C_("order status", "Refunded"));
  if (g_str_equal (status, "cancelled") || g_str_equal (status, "canceled") ||
      g_str_equal (status, "voided"))
    return g_strdup (C_("order status", "Cancelled"));
  /* A platform's own word: shown as it is rather than hidden */
  return g_strdup (status);
}

static char *
date_text (GuichetOrder *order)
{
  const char *created = guichet_order_get_created_at (order);
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GDateTime) when = NULL;
  g_autoptr (GDateTime) local = NULL;

  if (created == NULL || *created == '\0')
    return NULL;
  when = g_date_time_new_from_iso8601 (created, utc);
  if (when == NULL)
    return g_strdup (created);
  local = g_date_time_to_local (when);
  /* Translators: an order's date and time, see g_date_time_format() */
  return g_date_time_format (local, _("%-d %b %Y, %H:%M"));
}

static void
setup_text (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label),
                        user_data == tickets_text || user_data == total_text ? 1 : 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (list_item, label);
}

static void
bind_text (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  CellText         text_func = user_data;
  GuichetOrder    *order = gtk_list_item_get_item (list_item);
  g_autofree char *text = order != NULL ? text_func (order) : NULL;

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (list_item)), text != NULL ? text : "");
}

static int
compare_orders (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  CellText      text_func = user_data;
  GuichetOrder *left = (GuichetOrder *) a;
  GuichetOrder *right = (GuichetOrder *) b;

  if (text_func == total_text)
    {
      gint64 l = guichet_order_get_total (left)->amount_minor;
      gint64 r = guichet_order_get_total (right)->amount_minor;

      return l < r ? -1 : l > r;
    }
  if (text_func == tickets_text || text_func == date_text || text_func == id_text)
    {
      g_autofree char *l =
        text_func == date_text ? g_strdup (guichet_order_get_created_at (left)) : text_func (left);
      g_autofree char *r = text_func == date_text ? g_strdup (guichet_order_get_created_at (right))
                                                  : text_func (right);

      /* Numbers as numbers: "9" before "10" */
      if (text_func != date_text && l != NULL && r != NULL && strlen (l) != strlen (r))
        return strlen (l) < strlen (r) ? -1 : 1;
      return g_strcmp0 (l, r);
    }
  {
    g_autofree char *l = text_func (left);
    g_autofree char *r = text_func (right);
    g_autofree char *lk = l ? g_utf8_collate_key (l, -1) : NULL;
    g_autofree char *rk = r ? g_utf8_collate_key (r, -1) : NULL;

    return g_strcmp0 (lk, rk);
  }
}

static void
add_column (GuichetOrdersPage *self,
            const char        *title,
            CellText           text_func,
            gboolean           expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr (GtkColumnViewColumn) column = NULL;
  GtkSorter *sorter;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_text), text_func);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_text), text_func);

  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_expand (column, expand);
  sorter = GTK_SORTER (gtk_custom_sorter_new (compare_orders, text_func, NULL));
  gtk_column_view_column_set_sorter (column, sorter);
  g_object_unref (sorter);
  gtk_column_view_append_column (self->column_view, column);
}

static void
show_load_error (GuichetOrdersPage *self,
                 const char        *message)
{
  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
  guichet_spinner_set_busy (self->loading_spinner, FALSE);
}

static void
on_listed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (Call) call = user_data;
  GuichetOrdersPage *self = call->self;
  g_autoptr (GPtrArray) orders = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *count = NULL;

  orders = guichet_provider_list_orders_finish (GUICHET_PROVIDER (source), result, &error);
  if (g_cancellable_is_cancelled (call->cancellable))
    return;

  if (orders == NULL)
    {
      show_load_error (self, error->message);
      return;
    }

  g_list_store_splice (self->orders, 0, g_list_model_get_n_items (G_LIST_MODEL (self->orders)),
                       orders->pdata, orders->len);
  /* Translators: %u is a number of orders */
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u order", "%u orders", orders->len),
                           orders->len);
  gtk_label_set_text (self->count_label, count);
  guichet_spinner_set_busy (self->loading_spinner, FALSE);
  gtk_stack_set_visible_child_name (self->stack, orders->len > 0 ? "list" : "empty");
}

static void
on_provider (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (Call) call = user_data;
  GuichetOrdersPage *self = call->self;
  g_autoptr (GuichetProvider) provider = NULL;
  g_autoptr (GError) error = NULL;
  GCancellable *cancellable;
  const char   *event_id;

  provider = guichet_session_get_provider_finish (GUICHET_SESSION (source), result, &error);
  if (g_cancellable_is_cancelled (call->cancellable))
    return;

  if (provider == NULL)
    {
      show_load_error (self, error->message);
      return;
    }
  if (!(guichet_provider_get_capabilities (provider) & GUICHET_PROVIDER_CAN_ORDERS))
    {
      show_load_error (self, _("This platform does not list orders."));
      return;
    }

  /* The call moves on to the next callback: its fields are read first,
   * arguments have no evaluation order */
  event_id = call->event_id;
  cancellable = call->cancellable;
  guichet_provider_list_orders_async (provider, event_id, cancellable, on_listed,
                                      g_steal_pointer (&call));
}

static void
reload (GuichetOrdersPage *self)
{
  GuichetSession *session = guichet_page_get_session (GUICHET_PAGE (self));
  GuichetAccount *account = guichet_page_get_account (GUICHET_PAGE (self));
  GuichetEvent   *event = guichet_page_get_event (GUICHET_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->event_key, g_free);
  g_list_store_remove_all (self->orders);

  if (session == NULL || account == NULL || event == NULL)
    {
      guichet_spinner_set_busy (self->loading_spinner, FALSE);
      gtk_stack_set_visible_child_name (self->stack, "loading");
      return;
    }

  self->event_key =
    g_strconcat (guichet_event_get_account_id (event), "\n", guichet_event_get_id (event), NULL);
  self->cancellable = g_cancellable_new ();
  guichet_spinner_set_busy (self->loading_spinner, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  guichet_session_get_provider_async (session, account, self->cancellable, on_provider,
                                      call_new (self, self->cancellable,
                                                guichet_event_get_id (event)));
}

static void
guichet_orders_page_event_changed (GuichetPage *page)
{
  GuichetOrdersPage *self = GUICHET_ORDERS_PAGE (page);
  GuichetEvent      *event = guichet_page_get_event (page);
  g_autofree char   *key = NULL;

  /* The same event refreshed by a sync: the list stays until Reload */
  if (event != NULL)
    key =
      g_strconcat (guichet_event_get_account_id (event), "\n", guichet_event_get_id (event), NULL);
  if (key != NULL && g_strcmp0 (key, self->event_key) == 0)
    return;
  reload (self);
}

static void
guichet_orders_page_session_changed (GuichetPage *page)
{
  reload (GUICHET_ORDERS_PAGE (page));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  reload (GUICHET_ORDERS_PAGE (widget));
}

static void
guichet_orders_page_dispose (GObject *object)
{
  GuichetOrdersPage *self = GUICHET_ORDERS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->orders);
  g_clear_pointer (&self->event_key, g_free);

  /* The template's root is the bin's child: let the bin drop it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), GUICHET_TYPE_ORDERS_PAGE);

  G_OBJECT_CLASS (guichet_orders_page_parent_class)->dispose (object);
}

static void
guichet_orders_page_class_init (GuichetOrdersPageClass *klass)
{
  GObjectClass     *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass   *widget_class = GTK_WIDGET_CLASS (klass);
  GuichetPageClass *page_class = GUICHET_PAGE_CLASS (klass);

  object_class->dispose = guichet_orders_page_dispose;
  page_class->event_changed = guichet_orders_page_event_changed;
  page_class->session_changed = guichet_orders_page_session_changed;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/guichet/Guichet/guichet-orders-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GuichetOrdersPage, stack);
  gtk_widget_class_bind_template_child (widget_class, GuichetOrdersPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, GuichetOrdersPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, GuichetOrdersPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetOrdersPage, column_view);

  gtk_widget_class_install_action (widget_class, "orders.reload", NULL, reload_action);
}

static void
guichet_orders_page_init (GuichetOrdersPage *self)
{
  g_autoptr (GtkSortListModel) sorted = NULL;
  g_autoptr (GtkSingleSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->orders = g_list_store_new (GUICHET_TYPE_ORDER);
  add_column (self, _("Order"), id_text, FALSE);
  add_column (self, _("Buyer"), buyer_text, TRUE);
  add_column (self, _("E-mail"), email_text, TRUE);
  add_column (self, _("Tickets"), tickets_text, FALSE);
  add_column (self, _("Total"), total_text, FALSE);
  add_column (self, _("Status"), status_text, FALSE);
  add_column (self, _("Date"), date_text, FALSE);

  sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->orders)),
                                    g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  selection = gtk_single_selection_new (G_LIST_MODEL (g_steal_pointer (&sorted)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
}
