/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-window"

#include "config.h"

#include <glib/gi18n.h>

#include "guichet-discounts-page.h"
#include "guichet-export.h"
#include "guichet-issue-dialog.h"
#include "guichet-orders-page.h"
#include "guichet-providers.h"
#include "guichet-vouchers-page.h"
#include "guichet-window-private.h"

/* The organizer's editors in the window: the Discounts, Vouchers and Orders
 * pages, shown only where the event's platform has them, and the
 * win.export-participants (Ctrl+E) and win.issue-ticket actions. They are
 * in the window's action map so that the application exports them on
 * D-Bus, like the account actions. */

/* [page name in the view stack, capability it needs] */
static const struct
{
  const char                 *name;
  GuichetProviderCapabilities capability;
} editor_pages[] = {
  { "discounts", GUICHET_PROVIDER_CAN_DISCOUNTS },
  { "vouchers", GUICHET_PROVIDER_CAN_VOUCHERS },
  { "orders", GUICHET_PROVIDER_CAN_ORDERS },
};

static GuichetPage *
participants_page (GuichetWindow *self)
{
  GtkWidget *child =
    adw_view_stack_get_child_by_name (_guichet_window_get_event_stack (self), "participants");

  return GUICHET_IS_PAGE (child) ? GUICHET_PAGE (child) : NULL;
}

static void
export_participants_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  GuichetPage *page = participants_page (GUICHET_WINDOW (user_data));

  if (page != NULL && guichet_page_get_event (page) != NULL)
    guichet_export_participants (page);
}

/* The store has the new ticket: the pages read the event again, so the
 * participants list shows it at once. */
static void
on_ticket_issued (GtkWidget          *dialog,
                  GuichetParticipant *participant,
                  GuichetWindow      *self)
{
  AdwViewStack *stack = _guichet_window_get_event_stack (self);
  g_autoptr (GtkSelectionModel) pages = adw_view_stack_get_pages (stack);
  GuichetPage  *page = participants_page (self);
  GuichetEvent *event = page ? guichet_page_get_event (page) : NULL;
  GuichetStore *store = page ? guichet_page_get_store (page) : NULL;
  g_autoptr (GuichetEvent) fresh = NULL;

  if (event == NULL || store == NULL)
    return;
  fresh = guichet_store_find_event (store, guichet_event_get_account_id (event),
                                    guichet_event_get_id (event), NULL);
  if (fresh == NULL)
    return;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (pages)); i++)
    {
      g_autoptr (AdwViewStackPage) stack_page = g_list_model_get_item (G_LIST_MODEL (pages), i);
      GtkWidget *child = adw_view_stack_page_get_child (stack_page);

      if (GUICHET_IS_PAGE (child))
        guichet_page_set_event (GUICHET_PAGE (child), fresh);
    }
}

static void
issue_ticket_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GuichetWindow *self = GUICHET_WINDOW (user_data);
  GuichetPage   *page = participants_page (self);

  if (page != NULL && guichet_page_get_event (page) != NULL)
    guichet_issue_dialog_open (page, G_CALLBACK (on_ticket_issued), self);
}

static const GActionEntry editor_actions[] = {
  { "export-participants", export_participants_action },
  { "issue-ticket", issue_ticket_action },
};

void
_guichet_window_editors_class_init (GuichetWindowClass *klass)
{
  g_type_ensure (GUICHET_TYPE_DISCOUNTS_PAGE);
  g_type_ensure (GUICHET_TYPE_VOUCHERS_PAGE);
  g_type_ensure (GUICHET_TYPE_ORDERS_PAGE);
}

void
_guichet_window_editors_init (GuichetWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), editor_actions,
                                   G_N_ELEMENTS (editor_actions), self);
  _guichet_window_editors_update (self, NULL, NULL);
}

void
_guichet_window_editors_update (GuichetWindow  *self,
                                GuichetEvent   *event,
                                GuichetAccount *account)
{
  AdwViewStack               *stack = _guichet_window_get_event_stack (self);
  GuichetProviderClass       *klass = NULL;
  GuichetProviderCapabilities capabilities = 0;
  GAction                    *action;

  if (account != NULL)
    klass = guichet_providers_get_class (guichet_account_get_provider (account));
  if (klass != NULL && event != NULL)
    capabilities = klass->capabilities;

  for (guint i = 0; i < G_N_ELEMENTS (editor_pages); i++)
    {
      GtkWidget        *child = adw_view_stack_get_child_by_name (stack, editor_pages[i].name);
      AdwViewStackPage *page = child ? adw_view_stack_get_page (stack, child) : NULL;
      gboolean          wanted = (capabilities & editor_pages[i].capability) != 0;

      if (page == NULL)
        continue;
      /* Leave a page that goes away for the first one */
      if (!wanted && adw_view_stack_get_visible_child (stack) == child)
        adw_view_stack_set_visible_child_name (stack, "overview");
      adw_view_stack_page_set_visible (page, wanted);
    }

  action = g_action_map_lookup_action (G_ACTION_MAP (self), "export-participants");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), event != NULL);
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "issue-ticket");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action),
                               (capabilities & GUICHET_PROVIDER_CAN_ISSUE_TICKETS) != 0);
}
