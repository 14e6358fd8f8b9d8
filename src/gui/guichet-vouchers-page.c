/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-vouchers-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "guichet-voucher-dialog.h"
#include "guichet-vouchers-page.h"
#include "guichet-spinner.h"

struct _GuichetVouchersPage
{
  GuichetPage parent_instance;

  /* Template widgets */
  GtkStack      *stack;
  GtkSpinner    *loading_spinner;
  AdwStatusPage *error_page;
  GtkListBox    *list_box;

  char            *account_id; /* whose vouchers are shown */
  GuichetProvider *provider;
  GPtrArray       *vouchers;
  GCancellable    *load_cancellable;
  GCancellable    *cancellable; /* writes and codes; cancelled in dispose */
};

G_DEFINE_FINAL_TYPE (GuichetVouchersPage, guichet_vouchers_page, GUICHET_TYPE_PAGE)

/* An async call's context: the page (and the row) stay alive until the
 * callback, which does nothing once @cancellable is cancelled. */
typedef struct
{
  GuichetVouchersPage *self;
  GCancellable        *cancellable;
  AdwExpanderRow      *row;
  char                *label;
} Call;

static Call *
call_new (GuichetVouchersPage *self,
          GCancellable        *cancellable,
          AdwExpanderRow      *row,
          const char          *label)
{
  Call *call = g_new0 (Call, 1);

  call->self = g_object_ref (self);
  call->cancellable = g_object_ref (cancellable);
  call->row = row ? g_object_ref (row) : NULL;
  call->label = g_strdup (label);
  return call;
}

static void
call_free (Call *call)
{
  g_object_unref (call->self);
  g_object_unref (call->cancellable);
  g_clear_object (&call->row);
  g_free (call->label);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Call, call_free)

static void reload (GuichetVouchersPage *self);
static void load_codes (GuichetVouchersPage *self,
                        AdwExpanderRow      *row);

static void
show_load_error (GuichetVouchersPage *self,
                 const char          *message)
{
  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
  guichet_spinner_set_busy (self->loading_spinner, FALSE);
}

static char *
describe (GuichetVoucher *voucher)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const char *valid_to = guichet_voucher_get_valid_to (voucher);
  gint64      count = guichet_voucher_get_code_count (voucher);

  g_ptr_array_add (parts, guichet_money_format (guichet_voucher_get_value (voucher)));
  if (count >= 0)
    {
      gint64 available = guichet_voucher_get_available_codes (voucher);

      if (available >= 0)
        /* Translators: codes not used or voided yet, of all the voucher's codes */
        g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                              "%lld of %lld code available",
                                                              "%lld of %lld codes available",
                                                              (gulong) count),
                                                 (long long) available, (long long) count));
      else
        g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld code",
                                                              "%lld codes", (gulong) count),
                                                 (long long) count));
    }
  if (valid_to != NULL && strlen (valid_to) >= 10)
    {
      g_autofree char *day = g_strndup (valid_to, 10);

      /* Translators: %s is the last day a voucher works, 2026-12-31 */
      g_ptr_array_add (parts, g_strdup_printf (_("until %s"), day));
    }

  g_ptr_array_add (parts, NULL);
  /* Translators: what separates the parts of a voucher's description */
  return g_strjoinv (_(" · "), (char **) parts->pdata);
}

static GtkWidget *
icon_button (const char *icon_name,
             const char *label)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  return button;
}

/* ---- codes ---- */

static void
on_voided (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (Call) call = user_data;
  GuichetVouchersPage *self = call->self;
  g_autoptr (GError) error = NULL;
  g_autofree char *title = NULL;

  if (!guichet_provider_void_voucher_code_finish (GUICHET_PROVIDER (source), result, &error))
    {
      if (!g_cancellable_is_cancelled (call->cancellable))
        guichet_page_show_error (GUICHET_PAGE (self), error->message);
      return;
    }
  if (g_cancellable_is_cancelled (call->cancellable))
    return;

  /* Translators: %s is a voucher code */
  title = g_strdup_printf (_("Code %s voided"), call->label);
  guichet_page_add_toast (GUICHET_PAGE (self), adw_toast_new (title));
  load_codes (self, call->row);
}

static void
on_void_response (AdwMessageDialog    *dialog,
                  const char          *response,
                  GuichetVouchersPage *self)
{
  GuichetVoucherCode *code = g_object_get_data (G_OBJECT (dialog), "code");
  AdwExpanderRow     *row = g_object_get_data (G_OBJECT (dialog), "row");
  GuichetVoucher     *voucher = g_object_get_data (G_OBJECT (row), "voucher");

  if (!g_str_equal (response, "void") || self->provider == NULL || self->cancellable == NULL)
    return;

  guichet_provider_void_voucher_code_async (self->provider, guichet_voucher_get_id (voucher),
                                            guichet_voucher_code_get_id (code), self->cancellable,
                                            on_voided,
                                            call_new (self, self->cancellable, row,
                                                      guichet_voucher_code_get_code (code)));
}

static void
on_void_clicked (GtkButton           *button,
                 GuichetVouchersPage *self)
{
  GuichetVoucherCode *code = g_object_get_data (G_OBJECT (button), "code");
  AdwExpanderRow     *row = g_object_get_data (G_OBJECT (button), "row");
  /* Translators: %s is a voucher code */
  g_autofree char *heading =
    g_strdup_printf (_("Void Code %s?"), guichet_voucher_code_get_code (code));
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (
    GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading,
    _("What is left on it is lost and it can no longer be spent. This cannot be undone."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel",
                                    _("_Cancel"), "void", _("_Void"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "void",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "code", g_object_ref (code), g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "row", g_object_ref (row), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_void_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
clear_code_rows (AdwExpanderRow *row)
{
  GPtrArray *rows = g_object_get_data (G_OBJECT (row), "code-rows");

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    adw_expander_row_remove (row, g_ptr_array_index (rows, i));
  if (rows != NULL)
    g_ptr_array_set_size (rows, 0);
}

static void
add_code_row (GuichetVouchersPage *self,
              AdwExpanderRow      *row,
              GtkWidget           *child)
{
  GPtrArray *rows = g_object_get_data (G_OBJECT (row), "code-rows");

  adw_expander_row_add_row (row, child);
  g_ptr_array_add (rows, child);
}

/* The codes as listed say how many are left: the voucher's summary follows
 * (a code voided here, or elsewhere since the list was read). */
static void
update_available (AdwExpanderRow *row,
                  GuichetVoucher *voucher,
                  GPtrArray      *codes)
{
  g_autofree char *subtitle = NULL;
  g_autofree char *escaped = NULL;
  gint64           available = 0;

  if (guichet_voucher_get_code_count (voucher) != (gint64) codes->len ||
      guichet_voucher_get_available_codes (voucher) < 0)
    return;
  for (guint i = 0; i < codes->len; i++)
    {
      GuichetVoucherCode *code = g_ptr_array_index (codes, i);

      if (!guichet_voucher_code_get_void (code) &&
          guichet_voucher_code_get_value_remaining (code) != 0)
        available++;
    }
  if (available == guichet_voucher_get_available_codes (voucher))
    return;
  g_object_set (voucher, "available-codes", available, NULL);
  subtitle = describe (voucher);
  escaped = g_markup_escape_text (subtitle, -1);
  adw_expander_row_set_subtitle (row, escaped);
}

static void
on_codes_listed (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (Call) call = user_data;
  GuichetVouchersPage *self = call->self;
  GuichetVoucher      *voucher = g_object_get_data (G_OBJECT (call->row), "voucher");
  g_autoptr (GPtrArray) codes = NULL;
  g_autoptr (GError) error = NULL;

  codes = guichet_provider_list_voucher_codes_finish (GUICHET_PROVIDER (source), result, &error);
  if (g_cancellable_is_cancelled (call->cancellable))
    return;

  clear_code_rows (call->row);
  if (codes == NULL || codes->len == 0)
    {
      GtkWidget       *info = adw_action_row_new ();
      g_autofree char *escaped =
        g_markup_escape_text (codes == NULL ? error->message : _("No codes"), -1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (info), escaped);
      add_code_row (self, call->row, info);
      return;
    }

  for (guint i = 0; i < codes->len; i++)
    {
      GuichetVoucherCode *code = g_ptr_array_index (codes, i);
      const char         *text = guichet_voucher_code_get_code (code) ?: "";
      g_autofree char    *escaped = g_markup_escape_text (text, -1);
      GtkWidget          *code_row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (code_row), escaped);
      if (guichet_voucher_code_get_void (code))
        adw_action_row_set_subtitle (ADW_ACTION_ROW (code_row), C_("voucher code", "Void"));
      else
        {
          GuichetMoney     left = { 0 };
          g_autofree char *amount = NULL;
          g_autofree char *subtitle = NULL;
          /* Translators: %s is a voucher code */
          g_autofree char *void_label = g_strdup_printf (_("Void %s"), text);
          GtkWidget       *button = gtk_button_new_with_mnemonic (_("_Void"));

          guichet_money_init (&left, guichet_voucher_code_get_value_remaining (code),
                              guichet_voucher_get_currency (voucher));
          amount = guichet_money_format (&left);
          /* Translators: %s is an amount of money */
          subtitle = g_strdup_printf (_("%s left"), amount);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (code_row), subtitle);

          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (button, void_label);
          gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          void_label, -1);
          g_object_set_data_full (G_OBJECT (button), "code", g_object_ref (code), g_object_unref);
          g_object_set_data (G_OBJECT (button), "row", call->row);
          g_signal_connect_object (button, "clicked", G_CALLBACK (on_void_clicked), self, 0);
          adw_action_row_add_suffix (ADW_ACTION_ROW (code_row), button);
        }
      add_code_row (self, call->row, code_row);
    }

  update_available (call->row, voucher, codes);
}

static void
load_codes (GuichetVouchersPage *self,
            AdwExpanderRow      *row)
{
  GuichetVoucher *voucher = g_object_get_data (G_OBJECT (row), "voucher");

  if (self->provider == NULL || self->cancellable == NULL)
    return;

  g_object_set_data (G_OBJECT (row), "codes-loaded", GINT_TO_POINTER (TRUE));
  guichet_provider_list_voucher_codes_async (self->provider, guichet_voucher_get_id (voucher),
                                             self->cancellable, on_codes_listed,
                                             call_new (self, self->cancellable, row, NULL));
}

static void
on_expanded (AdwExpanderRow      *row,
             GParamSpec          *pspec,
             GuichetVouchersPage *self)
{
  if (adw_expander_row_get_expanded (row) && !g_object_get_data (G_OBJECT (row), "codes-loaded"))
    load_codes (self, row);
}

/* ---- vouchers ---- */

static void on_edit_clicked (GtkButton           *button,
                             GuichetVouchersPage *self);
static void on_delete_clicked (GtkButton           *button,
                               GuichetVouchersPage *self);

static GtkWidget *
make_row (GuichetVouchersPage *self,
          GuichetVoucher      *voucher)
{
  const char      *name = guichet_voucher_get_name (voucher) ?: guichet_voucher_get_id (voucher);
  g_autofree char *escaped = g_markup_escape_text (name ?: "", -1);
  g_autofree char *subtitle = describe (voucher);
  g_autofree char *escaped_subtitle = g_markup_escape_text (subtitle, -1);
  /* Translators: %s is a voucher's name */
  g_autofree char *edit_label = g_strdup_printf (_("Edit %s"), name);
  /* Translators: %s is a voucher's name */
  g_autofree char *delete_label = g_strdup_printf (_("Delete %s"), name);
  GtkWidget       *row = adw_expander_row_new ();
  GtkWidget       *edit = icon_button ("document-edit-symbolic", edit_label);
  GtkWidget       *delete = icon_button ("user-trash-symbolic", delete_label);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), escaped_subtitle);
  g_object_set_data_full (G_OBJECT (row), "voucher", g_object_ref (voucher), g_object_unref);
  g_object_set_data_full (G_OBJECT (row), "code-rows", g_ptr_array_new (),
                          (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data_full (G_OBJECT (edit), "voucher", g_object_ref (voucher), g_object_unref);
  g_object_set_data_full (G_OBJECT (delete), "voucher", g_object_ref (voucher), g_object_unref);
  g_signal_connect_object (edit, "clicked", G_CALLBACK (on_edit_clicked), self, 0);
  g_signal_connect_object (delete, "clicked", G_CALLBACK (on_delete_clicked), self, 0);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), edit);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), delete);
  g_signal_connect_object (row, "notify::expanded", G_CALLBACK (on_expanded), self, 0);

  return row;
}

static void
show_vouchers (GuichetVouchersPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);

  for (guint i = 0; i < self->vouchers->len; i++)
    gtk_list_box_append (self->list_box, make_row (self, g_ptr_array_index (self->vouchers, i)));

  guichet_spinner_set_busy (self->loading_spinner, FALSE);
  gtk_stack_set_visible_child_name (self->stack, self->vouchers->len > 0 ? "list" : "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "vouchers.new", TRUE);
}

static void
on_listed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (Call) call = user_data;
  GuichetVouchersPage *self = call->self;
  g_autoptr (GPtrArray) vouchers = NULL;
  g_autoptr (GError) error = NULL;

  vouchers = guichet_provider_list_vouchers_finish (GUICHET_PROVIDER (source), result, &error);
  if (g_cancellable_is_cancelled (call->cancellable))
    return;

  if (vouchers == NULL)
    {
      show_load_error (self, error->message);
      return;
    }

  g_clear_pointer (&self->vouchers, g_ptr_array_unref);
  self->vouchers = g_steal_pointer (&vouchers);
  show_vouchers (self);
}

static void
on_provider (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (Call) call = user_data;
  GuichetVouchersPage *self = call->self;
  g_autoptr (GuichetProvider) provider = NULL;
  g_autoptr (GError) error = NULL;
  GCancellable *cancellable;

  provider = guichet_session_get_provider_finish (GUICHET_SESSION (source), result, &error);
  if (g_cancellable_is_cancelled (call->cancellable))
    return;

  if (provider == NULL)
    {
      show_load_error (self, error->message);
      return;
    }
  if (!(guichet_provider_get_capabilities (provider) & GUICHET_PROVIDER_CAN_VOUCHERS))
    {
      show_load_error (self, _("This platform has no vouchers that Guichet can edit."));
      return;
    }

  g_set_object (&self->provider, provider);
  /* The call moves on to the next callback: the cancellable is read
   * first, arguments have no evaluation order */
  cancellable = call->cancellable;
  guichet_provider_list_vouchers_async (provider, cancellable, on_listed, g_steal_pointer (&call));
}

static void
reload (GuichetVouchersPage *self)
{
  GuichetSession *session = guichet_page_get_session (GUICHET_PAGE (self));
  GuichetAccount *account = guichet_page_get_account (GUICHET_PAGE (self));

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_pointer (&self->account_id, g_free);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "vouchers.new", FALSE);

  if (session == NULL || account == NULL)
    {
      guichet_spinner_set_busy (self->loading_spinner, FALSE);
      gtk_stack_set_visible_child_name (self->stack, "loading");
      return;
    }

  self->account_id = g_strdup (guichet_account_get_id (account));
  self->load_cancellable = g_cancellable_new ();
  guichet_spinner_set_busy (self->loading_spinner, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  guichet_session_get_provider_async (session, account, self->load_cancellable, on_provider,
                                      call_new (self, self->load_cancellable, NULL, NULL));
}

static void
guichet_vouchers_page_event_changed (GuichetPage *page)
{
  GuichetVouchersPage *self = GUICHET_VOUCHERS_PAGE (page);
  GuichetEvent        *event = guichet_page_get_event (page);

  /* Vouchers belong to the account: another event of it shows the same */
  if (event != NULL && self->account_id != NULL &&
      g_strcmp0 (guichet_event_get_account_id (event), self->account_id) == 0)
    return;
  reload (self);
}

static void
guichet_vouchers_page_session_changed (GuichetPage *page)
{
  reload (GUICHET_VOUCHERS_PAGE (page));
}

static void
on_dialog_saved (GuichetVoucherDialog *dialog,
                 GuichetVoucher       *voucher,
                 GuichetVouchersPage  *self)
{
  /* Translators: %s is a voucher's name */
  g_autofree char *title =
    g_strdup_printf (_("Voucher %s saved"), guichet_voucher_get_name (voucher));

  guichet_page_add_toast (GUICHET_PAGE (self), adw_toast_new (title));
  reload (self);
}

static void
open_dialog (GuichetVouchersPage *self,
             GuichetVoucher      *voucher)
{
  GuichetEvent         *event = guichet_page_get_event (GUICHET_PAGE (self));
  GuichetVoucherDialog *dialog;

  if (self->provider == NULL)
    return;

  dialog = guichet_voucher_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                       self->provider, voucher, self->account_id,
                                       event ? guichet_event_get_currency (event) : NULL);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_dialog_saved), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_edit_clicked (GtkButton           *button,
                 GuichetVouchersPage *self)
{
  open_dialog (self, g_object_get_data (G_OBJECT (button), "voucher"));
}

static void
on_deleted (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (Call) call = user_data;
  GuichetVouchersPage *self = call->self;
  g_autoptr (GError) error = NULL;
  g_autofree char *title = NULL;

  if (!guichet_provider_delete_voucher_finish (GUICHET_PROVIDER (source), result, &error))
    {
      if (!g_cancellable_is_cancelled (call->cancellable))
        guichet_page_show_error (GUICHET_PAGE (self), error->message);
      return;
    }
  if (g_cancellable_is_cancelled (call->cancellable))
    return;

  /* Translators: %s is a voucher's name */
  title = g_strdup_printf (_("Voucher %s deleted"), call->label);
  guichet_page_add_toast (GUICHET_PAGE (self), adw_toast_new (title));
  reload (self);
}

static void
on_delete_response (AdwMessageDialog    *dialog,
                    const char          *response,
                    GuichetVouchersPage *self)
{
  GuichetVoucher *voucher = g_object_get_data (G_OBJECT (dialog), "voucher");

  if (!g_str_equal (response, "delete") || self->provider == NULL || self->cancellable == NULL)
    return;

  guichet_provider_delete_voucher_async (self->provider, guichet_voucher_get_id (voucher),
                                         self->cancellable, on_deleted,
                                         call_new (self, self->cancellable, NULL,
                                                   guichet_voucher_get_name (voucher)));
}

static void
on_delete_clicked (GtkButton           *button,
                   GuichetVouchersPage *self)
{
  GuichetVoucher *voucher = g_object_get_data (G_OBJECT (button), "voucher");
  /* Translators: %s is a voucher's name */
  g_autofree char *heading =
    g_strdup_printf (_("Delete Voucher %s?"), guichet_voucher_get_name (voucher));
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (
    GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading,
    _("Its codes go too: what is left on them can no longer be spent. This cannot be undone."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel",
                                    _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "voucher", g_object_ref (voucher), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  open_dialog (GUICHET_VOUCHERS_PAGE (widget), NULL);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  reload (GUICHET_VOUCHERS_PAGE (widget));
}

static void
guichet_vouchers_page_dispose (GObject *object)
{
  GuichetVouchersPage *self = GUICHET_VOUCHERS_PAGE (object);

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->provider);
  g_clear_pointer (&self->vouchers, g_ptr_array_unref);
  g_clear_pointer (&self->account_id, g_free);

  /* The template's root is the bin's child: let the bin drop it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), GUICHET_TYPE_VOUCHERS_PAGE);

  G_OBJECT_CLASS (guichet_vouchers_page_parent_class)->dispose (object);
}

static void
guichet_vouchers_page_class_init (GuichetVouchersPageClass *klass)
{
  GObjectClass     *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass   *widget_class = GTK_WIDGET_CLASS (klass);
  GuichetPageClass *page_class = GUICHET_PAGE_CLASS (klass);

  object_class->dispose = guichet_vouchers_page_dispose;
  page_class->event_changed = guichet_vouchers_page_event_changed;
  page_class->session_changed = guichet_vouchers_page_session_changed;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/guichet/Guichet/guichet-vouchers-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GuichetVouchersPage, stack);
  gtk_widget_class_bind_template_child (widget_class, GuichetVouchersPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, GuichetVouchersPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, GuichetVouchersPage, list_box);

  gtk_widget_class_install_action (widget_class, "vouchers.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "vouchers.reload", NULL, reload_action);
}

static void
guichet_vouchers_page_init (GuichetVouchersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->vouchers = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "vouchers.new", FALSE);
}
