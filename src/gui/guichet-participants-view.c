/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-participants-view"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "guichet-form-private.h"
#include "guichet-format.h"
#include "guichet-participant-details.h"
#include "guichet-participants-view.h"
#include "guichet-window-timing.h"
#include "guichet-spinner.h"

struct _GuichetParticipantsView
{
  GuichetPage parent_instance;

  /* Template widgets */
  GtkStack                  *view_stack;
  GtkWidget                 *list_box;
  GtkSearchEntry            *search_entry;
  GtkDropDown               *type_dropdown;
  GtkDropDown               *state_dropdown;
  GtkLabel                  *count_label;
  GtkStack                  *stack;
  GtkSpinner                *loading_spinner;
  AdwStatusPage             *error_page;
  GtkColumnView             *column_view;
  GuichetParticipantDetails *details;

  GPtrArray *type_ids; /* the type filter's ids, after "All" */
  gboolean   updating_filters;

  char                   *event_key; /* "account-id/event-id" shown */
  GuichetParticipantList *list;
  GtkSingleSelection     *selection;
  GuichetJournalWatch    *journal_watch; /* while shown: others' check-ins */

  /* The order the headers ask for, run by the store (see on_sorter_changed) */
  GuichetParticipantSort sort;
  gboolean               sort_descending;
  int                    probed; /* the sort of the column asked, or -1 */
  GObject               *probe_a;
  GObject               *probe_b;
};

/* How often the journal is looked at while the list is shown: a read of
 * one number, in a worker thread. */
#define JOURNAL_POLL_MS 2000

G_DEFINE_FINAL_TYPE (GuichetParticipantsView, guichet_participants_view, GUICHET_TYPE_PAGE)

typedef char *(*CellText) (GuichetParticipant *participant);

static char *
name_text (GuichetParticipant *participant)
{
  return guichet_participant_dup_display_name (participant);
}

static char *
email_text (GuichetParticipant *participant)
{
  return g_strdup (guichet_participant_get_email (participant));
}

static char *
ticket_text (GuichetParticipant *participant)
{
  const char *name = guichet_participant_get_ticket_type_name (participant);

  if (name != NULL && *name != '\0')
    return g_strdup (name);

  return g_strdup (guichet_participant_get_ticket_type_id (participant));
}

static char *
barcode_text (GuichetParticipant *participant)
{
  return g_strdup (guichet_participant_get_barcode (participant));
}

static char *
order_text (GuichetParticipant *participant)
{
  return g_strdup (guichet_participant_get_order_id (participant));
}

static char *
status_text (GuichetParticipant *participant)
{
  return g_strdup (
    guichet_format_participant_status (guichet_participant_get_status (participant)));
}

static char *
checked_in_text (GuichetParticipant *participant)
{
  const char *at = guichet_participant_get_checked_in_at (participant);
  /* Admitted at a door of this computer, and the platform does not say so
   * yet (not pushed, or no sync since): when the journal says. */
  gboolean here = !guichet_participant_get_checked_in (participant) &&
                  guichet_participant_get_admitted_here (participant) > 0;
  g_autoptr (GDateTime) when = NULL;
  g_autoptr (GDateTime) local = NULL;
  g_autofree char *time = NULL;

  if (here)
    when = g_date_time_new_from_unix_utc (guichet_participant_get_admitted_here (participant));
  else if (!guichet_participant_get_checked_in (participant))
    return g_strdup (C_("checked in", "No"));
  else if (at != NULL && *at != '\0')
    {
      g_autoptr (GTimeZone) tz = g_time_zone_new_local ();

      when = g_date_time_new_from_iso8601 (at, tz);
    }

  if (when != NULL)
    {
      local = g_date_time_to_local (when);
      /* Translators: a check-in's date and time, see g_date_time_format() */
      time = g_date_time_format (local, _("%-d %b, %H:%M"));
    }

  if (here)
    /* Translators: checked in at a door of this computer, and when */
    return time ? g_strdup_printf (C_("checked in", "Yes, here, %s"), time)
                : g_strdup (C_("checked in", "Yes, here"));
  /* Translators: checked in, and when */
  return time ? g_strdup_printf (C_("checked in", "Yes, %s"), time)
              : g_strdup (C_("checked in", "Yes"));
}

static void
setup_text (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (list_item, label);
}

static void
bind_text (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  CellText            text_func = user_data;
  GuichetParticipant *participant = gtk_list_item_get_item (list_item);
  g_autofree char    *text = participant != NULL ? text_func (participant) : NULL;
  GtkWidget          *label = gtk_list_item_get_child (list_item);

  gtk_label_set_label (GTK_LABEL (label), text != NULL ? text : "");
  if (text_func == status_text && participant != NULL &&
      guichet_participant_get_status (participant) != GUICHET_PARTICIPANT_STATUS_VALID)
    gtk_widget_add_css_class (label, "error");
  else
    gtk_widget_remove_css_class (label, "error");
}

/* Sorting. The column view's sorter says which column the user sorts by
 * and in which direction, but it is made for a GtkSortListModel, which
 * would hold every row as an object. GTK 4.8 has no getter for the primary
 * column (4.10 has), so the view asks the sorter itself: each column's
 * sorter answers "smaller" for the two probe objects and notes its column;
 * the column view's sorter asks the primary column first and inverts its
 * answer when descending. The store then sorts (ORDER BY) and the list
 * stays rowids. */

typedef struct
{
  GuichetParticipantsView *self; /* not owned: the view owns the sorter */
  GuichetParticipantSort   sort;
} ColumnSort;

static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  ColumnSort              *column_sort = user_data;
  GuichetParticipantsView *self = column_sort->self;

  /* Only the view's own question is answered. */
  if (a != self->probe_a || b != self->probe_b)
    return GTK_ORDERING_EQUAL;

  self->probed = column_sort->sort;
  return GTK_ORDERING_SMALLER;
}

static void
on_sorter_changed (GuichetParticipantsView *self)
{
  GtkSorter  *sorter = gtk_column_view_get_sorter (self->column_view);
  GtkOrdering order;

  self->probed = -1;
  order = gtk_sorter_compare (sorter, self->probe_a, self->probe_b);
  if (self->probed < 0 || order == GTK_ORDERING_EQUAL)
    {
      /* No column chosen: the list's own order, by name. */
      self->sort = GUICHET_PARTICIPANT_SORT_NAME;
      self->sort_descending = FALSE;
    }
  else
    {
      self->sort = (GuichetParticipantSort) self->probed;
      self->sort_descending = order == GTK_ORDERING_LARGER;
    }

  if (self->list != NULL)
    guichet_participant_list_set_sort (self->list, self->sort, self->sort_descending);
}

static GtkColumnViewColumn *
add_column (GuichetParticipantsView *self,
            const char              *title,
            CellText                 text_func,
            GuichetParticipantSort   sort)
{
  ColumnSort *column_sort = g_new0 (ColumnSort, 1);
  g_autoptr (GtkSorter) sorter = NULL;
  GtkListItemFactory  *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_text), text_func);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_text), text_func);

  column_sort->self = self;
  column_sort->sort = sort;
  /* A column the store has no order for is not sortable. */
  if ((int) sort >= 0)
    sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare, column_sort, g_free));
  else
    g_free (column_sort);

  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_sorter (column, sorter);
  gtk_column_view_append_column (self->column_view, column);
  g_object_unref (column);

  return column;
}

static gboolean
is_filtered (GuichetParticipantsView *self)
{
  const char         *search = self->list ? guichet_participant_list_get_search (self->list) : NULL;
  const char * const *types =
    self->list ? guichet_participant_list_get_ticket_types (self->list) : NULL;

  return (search != NULL && search[0] != '\0') || (types != NULL && types[0] != NULL) ||
         (self->list != NULL &&
          guichet_participant_list_get_check_in_filter (self->list) != GUICHET_CHECK_IN_FILTER_ALL);
}

/* "1,234 participants", or "12 of 1,234 match" while searching or filtering. */
static void
update_count (GuichetParticipantsView *self)
{
  g_autofree char *text = NULL;
  guint            n;
  gint64           total;

  if (self->list == NULL || guichet_participant_list_get_error (self->list) != NULL)
    {
      gtk_label_set_label (self->count_label, "");
      return;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  total = guichet_participant_list_get_n_total (self->list);
  if ((guichet_participant_list_get_loading (self->list) && total < 0) ||
      guichet_participant_list_get_partial (self->list))
    /* The first rows are shown; the others, and so their number, still load. */
    text = g_strdup (_("Counting…"));
  else if (is_filtered (self) && total >= 0)
    /* Translators: the participants found by a search or a filter, of
     * all the event's (%'u groups thousands as the language does) */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u of %'u matches", "%'u of %'u match",
                                         (gulong) total),
                            n, (guint) total);
  else
    /* Translators: the event's participants (%'u groups thousands) */
    text =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u participant", "%'u participants", n), n);

  gtk_label_set_label (self->count_label, text);
}

static void
update_page (GuichetParticipantsView *self)
{
  const GError *error = self->list ? guichet_participant_list_get_error (self->list) : NULL;
  const char   *page;

  if (self->list == NULL)
    page = "empty";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->list)) > 0)
    page = "list";
  else if (guichet_participant_list_get_loading (self->list))
    page = "loading";
  else if (error != NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      page = "error";
    }
  else if (is_filtered (self))
    page = "no-results";
  else
    page = "empty";

  gtk_stack_set_visible_child_name (self->stack, page);
  update_count (self);
  if (g_str_equal (page, "list") && gtk_widget_get_mapped (GTK_WIDGET (self)))
    guichet_window_timing_mark (GTK_WIDGET (self), "participants-rows-painted");
}

static void
on_retry_clicked (GuichetParticipantsView *self)
{
  if (self->list != NULL)
    guichet_participant_list_reload (self->list);
}

/* The filters: the ticket type picked (or all), and the check-in state. */
static void
on_filter_changed (GuichetParticipantsView *self)
{
  guint       type = gtk_drop_down_get_selected (self->type_dropdown);
  guint       state = gtk_drop_down_get_selected (self->state_dropdown);
  const char *types[2] = { NULL, NULL };

  if (self->updating_filters || self->list == NULL)
    return;

  if (type != GTK_INVALID_LIST_POSITION && type > 0 && type - 1 < self->type_ids->len)
    types[0] = g_ptr_array_index (self->type_ids, type - 1);
  guichet_participant_list_set_ticket_types (self->list, types);
  guichet_participant_list_set_check_in_filter (self->list,
                                                state == 1 ? GUICHET_CHECK_IN_FILTER_CHECKED_IN
                                                : state == 2
                                                  ? GUICHET_CHECK_IN_FILTER_NOT_CHECKED_IN
                                                  : GUICHET_CHECK_IN_FILTER_ALL);
}

/* The ticket types of the event, from the store (a few rows). */
static void
fill_type_filter (GuichetParticipantsView *self)
{
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr (GPtrArray) types =
    _guichet_form_list_ticket_types (guichet_page_get_store (GUICHET_PAGE (self)),
                                     guichet_page_get_event (GUICHET_PAGE (self)));

  self->updating_filters = TRUE;
  g_ptr_array_set_size (self->type_ids, 0);
  gtk_string_list_append (names, _("All Ticket Types"));
  for (guint i = 0; i < types->len; i++)
    {
      GuichetTicketCategory *type = g_ptr_array_index (types, i);
      const char            *name = guichet_ticket_category_get_name (type);

      gtk_string_list_append (names, name != NULL && name[0] != '\0'
                                       ? name
                                       : guichet_ticket_category_get_id (type));
      g_ptr_array_add (self->type_ids, g_strdup (guichet_ticket_category_get_id (type)));
    }
  gtk_drop_down_set_model (self->type_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->type_dropdown, 0);
  gtk_drop_down_set_selected (self->state_dropdown, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->type_dropdown), self->type_ids->len > 1);
  self->updating_filters = FALSE;
}

/* Details: a row activated (click, Enter) opens its participant. */
static void
on_row_activated (GuichetParticipantsView *self,
                  guint                    position)
{
  g_autoptr (GuichetParticipant) participant = NULL;

  if (self->list == NULL)
    return;
  participant = g_list_model_get_item (G_LIST_MODEL (self->list), position);
  if (participant == NULL || guichet_participant_get_id (participant) == NULL)
    return;

  guichet_participant_details_show (self->details, GUICHET_PAGE (self), participant);
  gtk_stack_set_visible_child_name (self->view_stack, "details");
  gtk_widget_grab_focus (GTK_WIDGET (self->details));
}

static void
show_list (GuichetParticipantsView *self)
{
  gtk_stack_set_visible_child_name (self->view_stack, "list");
}

static void
on_details_back (GuichetParticipantsView *self)
{
  show_list (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

/* A check-in or an undo was journaled: the rows and the count follow. */
static void
on_details_changed (GuichetParticipantsView *self)
{
  if (self->list != NULL)
    guichet_participant_list_reload (self->list);
}

/* Ctrl+F: the search, from anywhere in the window while the page shows. */
static gboolean
on_find (GtkWidget *widget,
         GVariant  *args,
         gpointer   user_data)
{
  GuichetParticipantsView *self = GUICHET_PARTICIPANTS_VIEW (widget);

  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  show_list (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
  return TRUE;
}

/* Tab leaves the list (to the next widget after it, or back to the
 * filters) instead of walking its rows. */
static gboolean
on_list_key_pressed (GuichetParticipantsView *self,
                     guint                    keyval,
                     guint                    keycode,
                     GdkModifierType          state,
                     GtkEventControllerKey   *controller)
{
  GtkWidget *root;

  if (keyval != GDK_KEY_Tab && keyval != GDK_KEY_KP_Tab && keyval != GDK_KEY_ISO_Left_Tab)
    return FALSE;
  if (keyval == GDK_KEY_ISO_Left_Tab || (state & GDK_SHIFT_MASK) != 0)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->state_dropdown));
      return TRUE;
    }

  /* Forward: the list cannot take focus for a moment, so the window's
   * focus chain moves past it. */
  root = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)));
  gtk_widget_set_can_focus (GTK_WIDGET (self->column_view), FALSE);
  if (root == NULL || !gtk_widget_child_focus (root, GTK_DIR_TAB_FORWARD))
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_widget_set_can_focus (GTK_WIDGET (self->column_view), TRUE);
  return TRUE;
}

static void
on_search_changed (GuichetParticipantsView *self)
{
  if (self->list != NULL)
    guichet_participant_list_set_search (self->list,
                                         gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

/* A check-in here, in the CLI or at another desk sharing the store: the
 * rows say so without waiting for a sync. */
static void
on_journal_changed (GuichetParticipantsView *self)
{
  if (self->list != NULL)
    guichet_participant_list_refresh_check_ins (self->list);
}

static void
watch_journal (GuichetParticipantsView *self,
               GuichetStore            *store)
{
  if (self->journal_watch != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->journal_watch, on_journal_changed, self);
      guichet_journal_watch_set_active (self->journal_watch, FALSE);
      g_clear_object (&self->journal_watch);
    }
  if (store == NULL)
    return;

  self->journal_watch = guichet_journal_watch_new (store, JOURNAL_POLL_MS);
  g_signal_connect_swapped (self->journal_watch, "changed", G_CALLBACK (on_journal_changed), self);
  guichet_journal_watch_set_active (self->journal_watch, gtk_widget_get_mapped (GTK_WIDGET (self)));
}

static void
guichet_participants_view_event_changed (GuichetPage *page)
{
  GuichetParticipantsView *self = GUICHET_PARTICIPANTS_VIEW (page);
  GuichetEvent            *event = guichet_page_get_event (page);
  GuichetStore            *store = guichet_page_get_store (page);
  g_autofree char         *key = NULL;

  if (event != NULL)
    key =
      g_strconcat (guichet_event_get_account_id (event), "/", guichet_event_get_id (event), NULL);

  /* The same event after a sync: read again, keep the search. */
  if (key != NULL && self->list != NULL && g_strcmp0 (key, self->event_key) == 0)
    {
      guichet_participant_list_reload (self->list);
      return;
    }

  g_free (self->event_key);
  self->event_key = g_steal_pointer (&key);

  guichet_participant_details_clear (self->details);
  show_list (self);

  if (self->list != NULL)
    g_signal_handlers_disconnect_by_func (self->list, update_page, self);
  g_clear_object (&self->list);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");

  if (store != NULL && event != NULL)
    {
      self->list = guichet_participant_list_new (store, guichet_event_get_account_id (event),
                                                 guichet_event_get_id (event));
      guichet_participant_list_set_sort (self->list, self->sort, self->sort_descending);
      g_signal_connect_swapped (self->list, "notify::loading", G_CALLBACK (update_page), self);
      g_signal_connect_swapped (self->list, "items-changed", G_CALLBACK (update_page), self);
    }
  fill_type_filter (self);
  watch_journal (self, self->list != NULL ? store : NULL);

  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->list));
  update_page (self);
}

/* Opening the tab is for finding someone: type at once. */
static void
on_map (GuichetParticipantsView *self,
        gpointer                 user_data)
{
  if (self->journal_watch != NULL)
    guichet_journal_watch_set_active (self->journal_watch, TRUE);
  update_page (self);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "list") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
on_unmap (GuichetParticipantsView *self,
          gpointer                 user_data)
{
  if (self->journal_watch != NULL)
    guichet_journal_watch_set_active (self->journal_watch, FALSE);
}

static void
guichet_participants_view_dispose (GObject *object)
{
  GuichetParticipantsView *self = GUICHET_PARTICIPANTS_VIEW (object);

  if (self->list != NULL)
    g_signal_handlers_disconnect_by_func (self->list, update_page, self);
  watch_journal (self, NULL);
  /* Columns going away change the sorter: nothing to sort any more. */
  if (self->column_view != NULL)
    g_signal_handlers_disconnect_by_func (gtk_column_view_get_sorter (self->column_view),
                                          on_sorter_changed, self);

  /* The template's root is the bin's child: let the bin drop it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), GUICHET_TYPE_PARTICIPANTS_VIEW);

  g_clear_object (&self->selection);
  g_clear_object (&self->list);
  g_clear_pointer (&self->event_key, g_free);
  g_clear_pointer (&self->type_ids, g_ptr_array_unref);
  g_clear_object (&self->probe_a);
  g_clear_object (&self->probe_b);

  G_OBJECT_CLASS (guichet_participants_view_parent_class)->dispose (object);
}

static void
guichet_participants_view_class_init (GuichetParticipantsViewClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = guichet_participants_view_dispose;
  GUICHET_PAGE_CLASS (klass)->event_changed = guichet_participants_view_event_changed;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/guichet/Guichet/guichet-participants-view.ui");
  g_type_ensure (GUICHET_TYPE_PARTICIPANT_DETAILS);
  gtk_widget_class_bind_template_child (widget_class, GuichetParticipantsView, view_stack);
  gtk_widget_class_bind_template_child (widget_class, GuichetParticipantsView, list_box);
  gtk_widget_class_bind_template_child (widget_class, GuichetParticipantsView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GuichetParticipantsView, type_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GuichetParticipantsView, state_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GuichetParticipantsView, count_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetParticipantsView, stack);
  gtk_widget_class_bind_template_child (widget_class, GuichetParticipantsView, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, GuichetParticipantsView, error_page);
  gtk_widget_class_bind_template_child (widget_class, GuichetParticipantsView, column_view);
  gtk_widget_class_bind_template_child (widget_class, GuichetParticipantsView, details);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_details_back);
  gtk_widget_class_bind_template_callback (widget_class, on_details_changed);
}

#define ITEM_UI(LABEL_PROPERTIES)                                                                  \
  "<interface><template class=\"GtkListItem\"><property name=\"child\">"                           \
  "<object class=\"GtkLabel\"><property name=\"xalign\">0</property>" LABEL_PROPERTIES             \
  "<binding name=\"label\"><lookup name=\"string\" type=\"GtkStringObject\">"                      \
  "<lookup name=\"item\">GtkListItem</lookup></lookup></binding>"                                  \
  "</object></property></template></interface>"

static const char ellipsized_item_ui[] = ITEM_UI (
  "<property name=\"ellipsize\">end</property><property name=\"max-width-chars\">16</property>");
static const char item_ui[] = ITEM_UI ("");

static void
guichet_participants_view_init (GuichetParticipantsView *self)
{
  GtkColumnViewColumn *column;
  GtkColumnViewColumn *name_column;
  GtkEventController  *controller;
  GtkListItemFactory  *factory;
  GtkShortcut         *shortcut;

  self->type_ids = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  /* It spins whenever the loading page is the one shown. */
  guichet_spinner_set_busy (self->loading_spinner, TRUE);
  g_signal_connect (self, "map", G_CALLBACK (on_map), NULL);
  g_signal_connect (self, "unmap", G_CALLBACK (on_unmap), NULL);

  /* Type anywhere on the list's side: it goes to the search. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, self->list_box);

  /* Ctrl+F from anywhere in the window (the page checks it is shown). */
  controller = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller),
                                     GTK_SHORTCUT_SCOPE_GLOBAL);
  shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_f, GDK_CONTROL_MASK),
                               gtk_callback_action_new (on_find, NULL, NULL));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "key-pressed", G_CALLBACK (on_list_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), controller);

  /* The picked type's name, however long, must not widen the page. */
  factory =
    gtk_builder_list_item_factory_new_from_bytes (NULL,
                                                  g_bytes_new_static (ellipsized_item_ui,
                                                                      strlen (ellipsized_item_ui)));
  gtk_drop_down_set_factory (self->type_dropdown, factory);
  g_object_unref (factory);
  factory =
    gtk_builder_list_item_factory_new_from_bytes (NULL,
                                                  g_bytes_new_static (item_ui, strlen (item_ui)));
  gtk_drop_down_set_list_factory (self->type_dropdown, factory);
  g_object_unref (factory);

  gtk_column_view_set_single_click_activate (self->column_view, TRUE);
  g_signal_connect_swapped (self->column_view, "activate", G_CALLBACK (on_row_activated), self);

  self->probe_a = g_object_new (G_TYPE_OBJECT, NULL);
  self->probe_b = g_object_new (G_TYPE_OBJECT, NULL);
  self->probed = -1;

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  name_column = add_column (self, _("Name"), name_text, GUICHET_PARTICIPANT_SORT_NAME);
  gtk_column_view_column_set_expand (name_column, TRUE);
  column = add_column (self, _("E-mail"), email_text, GUICHET_PARTICIPANT_SORT_EMAIL);
  gtk_column_view_column_set_expand (column, TRUE);
  add_column (self, _("Barcode"), barcode_text, (GuichetParticipantSort) -1);
  add_column (self, _("Ticket"), ticket_text, GUICHET_PARTICIPANT_SORT_TICKET);
  add_column (self, _("Status"), status_text, GUICHET_PARTICIPANT_SORT_STATUS);
  add_column (self, _("Checked In"), checked_in_text, GUICHET_PARTICIPANT_SORT_CHECKED_IN);
  add_column (self, _("Order"), order_text, (GuichetParticipantSort) -1);

  /* By name at first, shown on the header; a click on a header re-sorts. */
  g_signal_connect_swapped (gtk_column_view_get_sorter (self->column_view), "changed",
                            G_CALLBACK (on_sorter_changed), self);
  gtk_column_view_sort_by_column (self->column_view, name_column, GTK_SORT_ASCENDING);
}
