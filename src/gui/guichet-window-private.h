/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "guichet-door-page.h"
#include "guichet-window.h"

G_BEGIN_DECLS

/* What the window's files share (guichet-window.c: the sidebar and the
 * event's pages; -actions.c, -editors.c, -sync.c: one concern each). */

struct _GuichetWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkListBox           *events_list;
  GtkRevealer          *sync_revealer;
  GtkLabel             *sync_status_label;
  GtkProgressBar       *sync_progress_bar;
  AdwViewSwitcherTitle *content_title;
  GtkMenuButton        *event_menu_button;
  AdwViewStack         *event_stack;
  GtkStack             *content_stack;
  AdwStatusPage        *preparing_page;
  GtkProgressBar       *preparing_progress_bar;
  GtkWidget            *sidebar;
  GtkWidget            *content_header;
  GuichetDoorPage      *door_page;
  GtkRevealer          *sync_banner;
  GtkLabel             *sync_banner_label;
  GtkButton            *sync_banner_button;

  GSettings            *settings;
  GuichetSession       *session;
  /* The running sync's state -> the progress widgets */
  GBindingGroup        *sync_bindings;

  /* (element-type GuichetEvent), sorted by account, then start */
  GListStore           *events;
  GuichetEvent         *selected_event;

  guint                 reloading : 1;
  guint                 preparing : 1;
};


/* Installs the win.* actions (guichet-window-actions.c). */
void _guichet_window_class_actions_init (GuichetWindowClass *klass);
/* Adds the window's account actions (guichet-window-actions.c). */
void _guichet_window_actions_init       (GuichetWindow      *self);
/* Syncs the account of the selected event, or every account. */
void _guichet_window_sync_selected      (GuichetWindow      *self);
/* The account menu of @button for @account (NULL: hidden). */
void _guichet_window_update_account_menu (GuichetWindow  *self,
                                          GtkMenuButton  *button,
                                          GuichetAccount *account);
/* Offers to sign @account in again (once while the offer is shown). */
void _guichet_window_show_sign_in_again  (GuichetWindow  *self,
                                          GuichetAccount *account);
/* Sync state in the window (guichet-window-sync.c): the sidebar's header
 * of an account, with its sync state; the banner of the account's sync
 * error on its pages; the message telling what to do about @error. */
GtkWidget *_guichet_window_create_account_header (GuichetWindow  *self,
                                                  const char     *account_id,
                                                  const char     *name);
void       _guichet_window_update_sync_banner    (GuichetWindow  *self,
                                                  GuichetAccount *account);
char      *_guichet_window_describe_sync_error   (GuichetAccount *account,
                                                  const GError   *error);
/* Shows @message above the pages with a button activating @action_name
 * (@target floating, or NULL); @message NULL hides it. */
void       _guichet_window_set_banner            (GuichetWindow  *self,
                                                  const char     *message,
                                                  const char     *button_label,
                                                  const char     *action_name,
                                                  GVariant       *target);
/* Follows the session's syncs: progress, banners, the content page. */
void       _guichet_window_sync_connect          (GuichetWindow  *self);
void       _guichet_window_update_sync_state     (GuichetWindow  *self);
/* guichet-window.c, for the others */
gboolean   _guichet_window_is_syncing            (GuichetWindow  *self);
void       _guichet_window_update_content_page   (GuichetWindow  *self);
/* The application's session */
GuichetSession *_guichet_window_get_session (GuichetWindow *self);
/* Shows @toast (takes ownership). */
void _guichet_window_add_toast          (GuichetWindow      *self,
                                         AdwToast           *toast);

/* The view stack of the event's pages. */
AdwViewStack   *_guichet_window_get_event_stack (GuichetWindow *self);

/* The editors' pages and actions (guichet-window-editors.c): types, the
 * win.export-participants and win.issue-ticket actions, and which pages
 * and actions the event's platform offers. */
void _guichet_window_editors_class_init (GuichetWindowClass *klass);
void _guichet_window_editors_init       (GuichetWindow      *self);
void _guichet_window_editors_update     (GuichetWindow      *self,
                                         GuichetEvent       *event,
                                         GuichetAccount     *account);

G_END_DECLS
