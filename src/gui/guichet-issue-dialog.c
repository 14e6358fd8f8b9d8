/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-issue-dialog"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "guichet-form-private.h"
#include "guichet-issue-dialog.h"
#include "guichet-qr-private.h"
#include "guichet-spinner.h"

struct _GuichetIssueDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  GtkStack    *stack;
  GtkButton   *cancel_button;
  GtkButton   *save_button;
  GtkSpinner  *spinner;
  GtkWidget   *form_box;
  GtkLabel    *general_error;
  AdwComboRow *ticket_type_row;
  GtkLabel    *ticket_type_error;
  AdwEntryRow *first_name_row;
  GtkLabel    *first_name_error;
  AdwEntryRow *last_name_row;
  GtkLabel    *last_name_error;
  AdwEntryRow *email_row;
  GtkLabel    *email_error;
  GtkLabel    *price_label;
  GtkPicture  *qr_picture;
  GtkLabel    *holder_label;
  GtkLabel    *ticket_label;
  GtkLabel    *barcode_label;
  GtkButton   *done_button;

  GuichetProvider    *provider;
  GuichetStore       *store;
  GuichetEvent       *event;
  GPtrArray          *ticket_types;
  GuichetParticipant *issued;
  GCancellable       *cancellable;
};

G_DEFINE_FINAL_TYPE (GuichetIssueDialog, guichet_issue_dialog, ADW_TYPE_WINDOW)

enum
{
  ISSUED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const ticket_type_fields[] = {
  "ticket_type_id", "ticket_type", "ticket_type_ids", "ticket", "rate", "rate_id", NULL
};
static const char * const first_name_fields[] = { "first_name", "firstname", "name", "full_name",
                                                  NULL };
static const char * const last_name_fields[] = { "last_name", "lastname", "surname", NULL };
static const char * const email_fields[] = { "email", "e_mail", "mail", NULL };

static GuichetTicketCategory *
selected_type (GuichetIssueDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->ticket_type_row);

  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->ticket_types->len)
    return NULL;
  return g_ptr_array_index (self->ticket_types, selected);
}

static char *
price_text (GuichetTicketCategory *type)
{
  const GuichetMoney *price = guichet_ticket_category_get_price (type);

  if (price == NULL || price->amount_minor <= 0)
    return g_strdup (C_("price", "Free"));
  return guichet_money_format (price);
}

static void
on_ticket_type_changed (GuichetIssueDialog *self)
{
  GuichetTicketCategory *type = selected_type (self);
  g_autofree char       *price = NULL;
  g_autofree char       *text = NULL;

  if (type == NULL)
    {
      gtk_label_set_text (self->price_label, "");
      return;
    }

  price = price_text (type);
  /* Translators: %s is a ticket's price, "89,00 €", or "Free" */
  text =
    g_strdup_printf (_("Price: %s. The platform records the ticket as sold at the box office."),
                       price);
  gtk_label_set_text (self->price_label, text);
}

static void
set_busy (GuichetIssueDialog *self,
          gboolean            busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  guichet_spinner_set_busy (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), !busy);
  gtk_widget_set_sensitive (self->form_box, !busy);
}

static void
clear_errors (GuichetIssueDialog *self)
{
  _guichet_form_set_error (GTK_WIDGET (self->ticket_type_row), self->ticket_type_error, NULL);
  _guichet_form_set_error (GTK_WIDGET (self->first_name_row), self->first_name_error, NULL);
  _guichet_form_set_error (GTK_WIDGET (self->last_name_row), self->last_name_error, NULL);
  _guichet_form_set_error (GTK_WIDGET (self->email_row), self->email_error, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->general_error), FALSE);
}

static gboolean
looks_like_email (const char *text)
{
  const char *at = strchr (text, '@');

  return at != NULL && at != text && strchr (at + 1, '.') != NULL && strchr (at + 1, '@') == NULL &&
         strpbrk (text, " \t,;<>") == NULL && text[strlen (text) - 1] != '.';
}

/* The holder, or NULL after marking what is wrong. */
static GuichetTicketHolder *
build_holder (GuichetIssueDialog *self)
{
  g_autoptr (GuichetTicketHolder) holder = guichet_ticket_holder_new ();
  g_autofree char *first = _guichet_form_dup_text (GTK_EDITABLE (self->first_name_row));
  g_autofree char *last = _guichet_form_dup_text (GTK_EDITABLE (self->last_name_row));
  g_autofree char *email = _guichet_form_dup_text (GTK_EDITABLE (self->email_row));
  GtkWidget       *first_wrong = NULL;

  clear_errors (self);

  if (selected_type (self) == NULL)
    {
      _guichet_form_set_error (GTK_WIDGET (self->ticket_type_row), self->ticket_type_error,
                               _("Pick a ticket type."));
      first_wrong = GTK_WIDGET (self->ticket_type_row);
    }
  if (*first == '\0' && *last == '\0')
    {
      _guichet_form_set_error (GTK_WIDGET (self->first_name_row), self->first_name_error,
                               _("Enter the name of the ticket’s holder."));
      first_wrong = first_wrong ? first_wrong : GTK_WIDGET (self->first_name_row);
    }
  if (*email != '\0' && !looks_like_email (email))
    {
      _guichet_form_set_error (GTK_WIDGET (self->email_row), self->email_error,
                               _("This is not an e-mail address."));
      first_wrong = first_wrong ? first_wrong : GTK_WIDGET (self->email_row);
    }

  if (first_wrong != NULL)
    {
      gtk_widget_grab_focus (first_wrong);
      return NULL;
    }

  holder->first_name = *first != '\0' ? g_steal_pointer (&first) : NULL;
  holder->last_name = *last != '\0' ? g_steal_pointer (&last) : NULL;
  holder->email = *email != '\0' ? g_steal_pointer (&email) : NULL;
  return g_steal_pointer (&holder);
}

static void
show_server_error (GuichetIssueDialog *self,
                   const GError       *error)
{
  g_autoptr (GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  struct
  {
    const char * const *aliases;
    GtkWidget          *row;
    GtkLabel           *label;
  } fields[] = {
    { ticket_type_fields, GTK_WIDGET (self->ticket_type_row), self->ticket_type_error },
    { first_name_fields, GTK_WIDGET (self->first_name_row), self->first_name_error },
    { last_name_fields, GTK_WIDGET (self->last_name_row), self->last_name_error },
    { email_fields, GTK_WIDGET (self->email_row), self->email_error },
  };
  g_autofree char *general = NULL;

  clear_errors (self);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *messages = _guichet_form_field_messages (error, fields[i].aliases, used);

      if (messages != NULL)
        _guichet_form_set_error (fields[i].row, fields[i].label, messages);
    }

  general = _guichet_form_general_message (error, used);
  gtk_label_set_text (self->general_error, general);
  gtk_widget_set_visible (GTK_WIDGET (self->general_error), TRUE);
}

static void
show_ticket (GuichetIssueDialog *self)
{
  GuichetParticipant *p = self->issued;
  const char         *barcode = guichet_participant_get_barcode (p);
  const char         *type = guichet_participant_get_ticket_type_name (p);
  g_autofree char    *name = guichet_participant_dup_display_name (p);
  g_autoptr (GdkTexture) qr = NULL;

  if (barcode != NULL && *barcode != '\0')
    qr = _guichet_qr_texture_new (barcode, 8);
  gtk_picture_set_paintable (self->qr_picture, GDK_PAINTABLE (qr));
  gtk_widget_set_visible (GTK_WIDGET (self->qr_picture), qr != NULL);
  gtk_label_set_text (self->holder_label, name);
  if (type == NULL && selected_type (self) != NULL)
    type = guichet_ticket_category_get_name (selected_type (self));
  gtk_label_set_text (self->ticket_label, type ? type : "");
  gtk_label_set_text (self->barcode_label, barcode ? barcode : "—");

  gtk_stack_set_visible_child_name (self->stack, "done");
  gtk_widget_set_visible (GTK_WIDGET (self->save_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), FALSE);
  gtk_window_set_title (GTK_WINDOW (self), _("Ticket Issued"));
  gtk_widget_grab_focus (GTK_WIDGET (self->done_button));
}

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (GuichetIssueDialog) self = user_data;
  g_autoptr (GError) error = NULL;

  guichet_store_write_participants_finish (GUICHET_STORE (source), result, &error);
  if (self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;

  set_busy (self, FALSE);
  /* Issued all the same: the next sync brings it; say why the door may
   * not know it before */
  if (error != NULL)
    g_warning ("Could not keep the issued ticket: %s", error->message);
  g_signal_emit (self, signals[ISSUED], 0, self->issued);
  show_ticket (self);
}

static void
on_issued (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (GuichetIssueDialog) self = user_data;
  g_autoptr (GuichetParticipant) participant = NULL;
  g_autoptr (GPtrArray) page = NULL;
  g_autoptr (GError) error = NULL;

  participant = guichet_provider_issue_ticket_finish (GUICHET_PROVIDER (source), result, &error);
  if (self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;

  if (participant == NULL)
    {
      set_busy (self, FALSE);
      show_server_error (self, error);
      return;
    }

  if (guichet_participant_get_event_id (participant) == NULL)
    g_object_set (participant, "event-id", guichet_event_get_id (self->event), NULL);
  if (guichet_participant_get_ticket_type_name (participant) == NULL &&
      selected_type (self) != NULL)
    g_object_set (participant, "ticket-type-name",
                  guichet_ticket_category_get_name (selected_type (self)), NULL);
  g_set_object (&self->issued, participant);

  /* Into the store at once, like guichet-cli issue: the participants list
   * and the door know it before the next sync */
  page = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (page, g_object_ref (participant));
  guichet_store_write_participants_async (self->store, guichet_event_get_account_id (self->event),
                                          guichet_event_get_id (self->event), page, NULL, 0,
                                          self->cancellable, on_written, g_object_ref (self));
}

static void
on_confirm_response (AdwMessageDialog   *dialog,
                     const char         *response,
                     GuichetIssueDialog *self)
{
  GuichetTicketHolder   *holder = g_object_get_data (G_OBJECT (dialog), "holder");
  GuichetTicketCategory *type = selected_type (self);

  if (!g_str_equal (response, "issue") || type == NULL || self->cancellable == NULL)
    return;

  set_busy (self, TRUE);
  guichet_provider_issue_ticket_async (self->provider, guichet_event_get_id (self->event),
                                       guichet_ticket_category_get_id (type), holder,
                                       self->cancellable, on_issued, g_object_ref (self));
}

static void
on_save_clicked (GuichetIssueDialog *self)
{
  g_autoptr (GuichetTicketHolder) holder = build_holder (self);
  g_autofree char       *name = NULL;
  g_autofree char       *heading = NULL;
  g_autofree char       *price = NULL;
  g_autofree char       *body = NULL;
  GuichetTicketCategory *type;
  GtkWidget             *dialog;

  if (holder == NULL)
    return;

  type = selected_type (self);
  name = guichet_ticket_holder_dup_full_name (holder);
  price = price_text (type);
  /* Translators: %s is a ticket type, then a person's name */
  heading =
    g_strdup_printf (_("Issue a %s Ticket to %s?"), guichet_ticket_category_get_name (type), name);
  /* Translators: %s is a price, "89,00 €", or "Free" */
  body = g_strdup_printf (_("Price: %s. The ticket is valid at once and counts as sold."), price);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel",
                                    _("_Cancel"), "issue", _("_Issue Ticket"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "issue",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "issue");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "holder", g_steal_pointer (&holder),
                          (GDestroyNotify) guichet_ticket_holder_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirm_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_cancel_clicked (GuichetIssueDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_done_clicked (GuichetIssueDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
guichet_issue_dialog_dispose (GObject *object)
{
  GuichetIssueDialog *self = GUICHET_ISSUE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->provider);
  g_clear_object (&self->store);
  g_clear_object (&self->event);
  g_clear_object (&self->issued);
  g_clear_pointer (&self->ticket_types, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), GUICHET_TYPE_ISSUE_DIALOG);

  G_OBJECT_CLASS (guichet_issue_dialog_parent_class)->dispose (object);
}

static void
guichet_issue_dialog_class_init (GuichetIssueDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = guichet_issue_dialog_dispose;

  signals[ISSUED] = g_signal_new ("issued", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                  NULL, NULL, G_TYPE_NONE, 1, GUICHET_TYPE_PARTICIPANT);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/guichet/Guichet/guichet-issue-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GuichetIssueDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, GuichetIssueDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, GuichetIssueDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, GuichetIssueDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, GuichetIssueDialog, form_box);
  gtk_widget_class_bind_template_child (widget_class, GuichetIssueDialog, general_error);
  gtk_widget_class_bind_template_child (widget_class, GuichetIssueDialog, ticket_type_row);
  gtk_widget_class_bind_template_child (widget_class, GuichetIssueDialog, ticket_type_error);
  gtk_widget_class_bind_template_child (widget_class, GuichetIssueDialog, first_name_row);
  gtk_widget_class_bind_template_child (widget_class, GuichetIssueDialog, first_name_error);
  gtk_widget_class_bind_template_child (widget_class, GuichetIssueDialog, last_name_row);
  gtk_widget_class_bind_template_child (widget_class, GuichetIssueDialog, last_name_error);
  gtk_widget_class_bind_template_child (widget_class, GuichetIssueDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, GuichetIssueDialog, email_error);
  gtk_widget_class_bind_template_child (widget_class, GuichetIssueDialog, price_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetIssueDialog, qr_picture);
  gtk_widget_class_bind_template_child (widget_class, GuichetIssueDialog, holder_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetIssueDialog, ticket_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetIssueDialog, barcode_label);
  gtk_widget_class_bind_template_child (widget_class, GuichetIssueDialog, done_button);
  gtk_widget_class_bind_template_callback (widget_class, on_ticket_type_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_done_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
guichet_issue_dialog_init (GuichetIssueDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  _guichet_form_label_entry_row (self->first_name_row);
  _guichet_form_label_entry_row (self->last_name_row);
  _guichet_form_label_entry_row (self->email_row);
}

GuichetIssueDialog *
guichet_issue_dialog_new (GtkWindow       *parent,
                          GuichetProvider *provider,
                          GuichetStore    *store,
                          GuichetEvent    *event,
                          GPtrArray       *ticket_types)
{
  GuichetIssueDialog *self;
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);

  g_return_val_if_fail (GUICHET_IS_PROVIDER (provider), NULL);
  g_return_val_if_fail (GUICHET_IS_STORE (store), NULL);
  g_return_val_if_fail (GUICHET_IS_EVENT (event), NULL);

  self = g_object_new (GUICHET_TYPE_ISSUE_DIALOG, "transient-for", parent, NULL);
  self->provider = g_object_ref (provider);
  self->store = g_object_ref (store);
  self->event = g_object_ref (event);
  self->ticket_types =
    ticket_types ? g_ptr_array_ref (ticket_types) : g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->ticket_types->len; i++)
    {
      GuichetTicketCategory *type = g_ptr_array_index (self->ticket_types, i);
      g_autofree char       *price = price_text (type);
      /* Translators: a ticket type and its price, "Day pass — 45,00 €" */
      g_autofree char *label =
        g_strdup_printf (_("%s — %s"), guichet_ticket_category_get_name (type), price);

      gtk_string_list_append (names, label);
    }
  adw_combo_row_set_model (self->ticket_type_row, G_LIST_MODEL (names));
  on_ticket_type_changed (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->first_name_row));

  return self;
}

typedef struct
{
  GuichetPage  *page;
  GuichetEvent *event;
  GCallback     issued_cb;
  GWeakRef      object;
} Opening;

static void
opening_free (Opening *opening)
{
  g_object_unref (opening->page);
  g_object_unref (opening->event);
  g_weak_ref_clear (&opening->object);
  g_free (opening);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Opening, opening_free)

static void
on_provider_for_dialog (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr (Opening) opening = user_data;
  g_autoptr (GuichetProvider) provider = NULL;
  g_autoptr (GObject) object = g_weak_ref_get (&opening->object);
  g_autoptr (GPtrArray) types = NULL;
  g_autoptr (GError) error = NULL;
  GuichetStore       *store = guichet_page_get_store (opening->page);
  GtkRoot            *root = gtk_widget_get_root (GTK_WIDGET (opening->page));
  GuichetIssueDialog *dialog;

  provider = guichet_session_get_provider_finish (GUICHET_SESSION (source), result, &error);
  if (object == NULL || root == NULL || store == NULL)
    return;
  if (provider == NULL)
    {
      guichet_page_show_error (opening->page, error->message);
      return;
    }
  if (!(guichet_provider_get_capabilities (provider) & GUICHET_PROVIDER_CAN_ISSUE_TICKETS))
    {
      guichet_page_show_error (opening->page,
                               _("This platform does not let Guichet issue tickets."));
      return;
    }

  types = _guichet_form_list_ticket_types (store, opening->event);
  dialog = guichet_issue_dialog_new (GTK_WINDOW (root), provider, store, opening->event, types);
  if (opening->issued_cb != NULL)
    g_signal_connect_object (dialog, "issued", opening->issued_cb, object, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
guichet_issue_dialog_open (GuichetPage *page,
                           GCallback    issued_cb,
                           gpointer     object)
{
  GuichetSession *session;
  GuichetAccount *account;
  GuichetEvent   *event;
  Opening        *opening;

  g_return_if_fail (GUICHET_IS_PAGE (page));
  g_return_if_fail (G_IS_OBJECT (object));

  session = guichet_page_get_session (page);
  account = guichet_page_get_account (page);
  event = guichet_page_get_event (page);
  if (session == NULL || account == NULL || event == NULL)
    return;

  opening = g_new0 (Opening, 1);
  opening->page = g_object_ref (page);
  opening->event = g_object_ref (event);
  opening->issued_cb = issued_cb;
  g_weak_ref_init (&opening->object, object);
  guichet_session_get_provider_async (session, account, NULL, on_provider_for_dialog, opening);
}
