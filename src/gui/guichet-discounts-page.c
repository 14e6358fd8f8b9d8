/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-discounts-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "guichet-discount-dialog.h"
#include "guichet-discounts-page.h"
#include "guichet-form-private.h"
#include "guichet-spinner.h"

struct _GuichetDiscountsPage
{
  GuichetPage parent_instance;

  /* Template widgets */
  GtkStack      *stack;
  GtkSpinner    *loading_spinner;
  AdwStatusPage *error_page;
  GtkListBox    *list_box;

  char            *account_id; /* whose discounts are shown */
  GuichetProvider *provider;
  GPtrArray       *discounts;
  GCancellable    *load_cancellable;
  GCancellable    *cancellable; /* writes; cancelled in dispose */
};

G_DEFINE_FINAL_TYPE (GuichetDiscountsPage, guichet_discounts_page, GUICHET_TYPE_PAGE)

/* An async call's context: the page stays alive until the callback, which
 * does nothing once @cancellable is cancelled (a newer load, or the page
 * went away). */
typedef struct
{
  GuichetDiscountsPage *self;
  GCancellable         *cancellable;
  char                 *code;
} Call;

static Call *
call_new (GuichetDiscountsPage *self,
          GCancellable         *cancellable,
          const char           *code)
{
  Call *call = g_new0 (Call, 1);

  call->self = g_object_ref (self);
  call->cancellable = g_object_ref (cancellable);
  call->code = g_strdup (code);
  return call;
}

static void
call_free (Call *call)
{
  g_object_unref (call->self);
  g_object_unref (call->cancellable);
  g_free (call->code);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Call, call_free)

static void reload (GuichetDiscountsPage *self);

static void
show_load_error (GuichetDiscountsPage *self,
                 const char           *message)
{
  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
  guichet_spinner_set_busy (self->loading_spinner, FALSE);
}

static char *
describe (GuichetDiscount *discount)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const char *valid_to = guichet_discount_get_valid_to (discount);
  gint64      max_uses = guichet_discount_get_max_uses (discount);

  if (guichet_discount_get_kind (discount) == GUICHET_DISCOUNT_KIND_PERCENTAGE)
    {
      g_autofree char *percent =
        guichet_percentage_format (guichet_discount_get_percentage (discount));

      /* Translators: %s is a percentage, "15 %" */
      g_ptr_array_add (parts, g_strdup_printf (_("%s off"), percent));
    }
  else
    {
      g_autofree char *amount = guichet_money_format (guichet_discount_get_amount (discount));

      /* Translators: %s is an amount of money, "5,00 €" */
      g_ptr_array_add (parts, g_strdup_printf (_("%s off"), amount));
    }

  if (g_strcmp0 (guichet_discount_get_name (discount), guichet_discount_get_code (discount)) != 0 &&
      guichet_discount_get_name (discount) != NULL && *guichet_discount_get_name (discount) != '\0')
    g_ptr_array_add (parts, g_strdup (guichet_discount_get_name (discount)));

  if (max_uses > 0)
    /* Translators: how many times a code was used, of how many allowed */
    g_ptr_array_add (parts,
                     g_strdup_printf (_("used %lld of %lld"),
                                        (long long) MAX (guichet_discount_get_used (discount), 0),
                                        (long long) max_uses));

  if (valid_to != NULL && strlen (valid_to) >= 10)
    {
      g_autofree char *day = g_strndup (valid_to, 10);

      /* Translators: %s is the last day a code works, 2026-12-31 */
      g_ptr_array_add (parts, g_strdup_printf (_("until %s"), day));
    }

  g_ptr_array_add (parts, NULL);
  /* Translators: what separates the parts of a discount's description */
  return g_strjoinv (_(" · "), (char **) parts->pdata);
}

static void on_edit_clicked (GtkButton            *button,
                             GuichetDiscountsPage *self);
static void on_delete_clicked (GtkButton            *button,
                               GuichetDiscountsPage *self);

static GtkWidget *
make_row (GuichetDiscountsPage *self,
          GuichetDiscount      *discount)
{
  const char      *code = guichet_discount_get_code (discount) ?: "";
  g_autofree char *escaped = g_markup_escape_text (code, -1);
  g_autofree char *subtitle = describe (discount);
  g_autofree char *escaped_subtitle = g_markup_escape_text (subtitle, -1);
  /* Translators: %s is a discount code */
  g_autofree char *edit_label = g_strdup_printf (_("Edit %s"), code);
  /* Translators: %s is a discount code */
  g_autofree char *delete_label = g_strdup_printf (_("Delete %s"), code);
  GtkWidget       *row = adw_action_row_new ();
  GtkWidget       *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
  GtkWidget       *delete = gtk_button_new_from_icon_name ("user-trash-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_subtitle);

  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *button = i == 0 ? edit : delete;

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, i == 0 ? edit_label : delete_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      i == 0 ? edit_label : delete_label, -1);
      g_object_set_data_full (G_OBJECT (button), "discount", g_object_ref (discount),
                              g_object_unref);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  g_signal_connect_object (edit, "clicked", G_CALLBACK (on_edit_clicked), self, 0);
  g_signal_connect_object (delete, "clicked", G_CALLBACK (on_delete_clicked), self, 0);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), edit);

  return row;
}

static void
show_discounts (GuichetDiscountsPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);

  for (guint i = 0; i < self->discounts->len; i++)
    gtk_list_box_append (self->list_box, make_row (self, g_ptr_array_index (self->discounts, i)));

  guichet_spinner_set_busy (self->loading_spinner, FALSE);
  gtk_stack_set_visible_child_name (self->stack, self->discounts->len > 0 ? "list" : "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "discounts.new", TRUE);
}

static void
on_listed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (Call) call = user_data;
  GuichetDiscountsPage *self = call->self;
  g_autoptr (GPtrArray) discounts = NULL;
  g_autoptr (GError) error = NULL;

  discounts = guichet_provider_list_discounts_finish (GUICHET_PROVIDER (source), result, &error);
  if (g_cancellable_is_cancelled (call->cancellable))
    return;

  if (discounts == NULL)
    {
      show_load_error (self, error->message);
      return;
    }

  g_clear_pointer (&self->discounts, g_ptr_array_unref);
  self->discounts = g_steal_pointer (&discounts);
  show_discounts (self);
}

static void
on_provider (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (Call) call = user_data;
  GuichetDiscountsPage *self = call->self;
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
  if (!(guichet_provider_get_capabilities (provider) & GUICHET_PROVIDER_CAN_DISCOUNTS))
    {
      show_load_error (self, _("This platform has no discount codes that Guichet can edit."));
      return;
    }

  g_set_object (&self->provider, provider);
  /* The call moves on to the next callback: the cancellable is read
   * first, arguments have no evaluation order */
  cancellable = call->cancellable;
  guichet_provider_list_discounts_async (provider, NULL, cancellable, on_listed,
                                         g_steal_pointer (&call));
}

static void
reload (GuichetDiscountsPage *self)
{
  GuichetSession *session = guichet_page_get_session (GUICHET_PAGE (self));
  GuichetAccount *account = guichet_page_get_account (GUICHET_PAGE (self));

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_pointer (&self->account_id, g_free);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "discounts.new", FALSE);

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
                                      call_new (self, self->load_cancellable, NULL));
}

static void
guichet_discounts_page_event_changed (GuichetPage *page)
{
  GuichetDiscountsPage *self = GUICHET_DISCOUNTS_PAGE (page);
  GuichetEvent         *event = guichet_page_get_event (page);

  /* Discounts belong to the account: another event of it shows the same */
  if (event != NULL && self->account_id != NULL &&
      g_strcmp0 (guichet_event_get_account_id (event), self->account_id) == 0)
    return;
  reload (self);
}

static void
guichet_discounts_page_session_changed (GuichetPage *page)
{
  reload (GUICHET_DISCOUNTS_PAGE (page));
}

static void
on_dialog_saved (GuichetDiscountDialog *dialog,
                 GuichetDiscount       *discount,
                 GuichetDiscountsPage  *self)
{
  /* Translators: %s is a discount code */
  g_autofree char *title =
    g_strdup_printf (_("Discount %s saved"), guichet_discount_get_code (discount));

  guichet_page_add_toast (GUICHET_PAGE (self), adw_toast_new (title));
  reload (self);
}

static void
open_dialog (GuichetDiscountsPage *self,
             GuichetDiscount      *discount)
{
  GuichetEvent *event = guichet_page_get_event (GUICHET_PAGE (self));
  g_autoptr (GPtrArray) types = NULL;
  GuichetDiscountDialog *dialog;

  if (self->provider == NULL)
    return;

  types = _guichet_form_list_ticket_types (guichet_page_get_store (GUICHET_PAGE (self)), event);
  dialog = guichet_discount_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                        self->provider, discount, self->discounts,
                                        event ? guichet_event_get_currency (event) : NULL, types);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_dialog_saved), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_edit_clicked (GtkButton            *button,
                 GuichetDiscountsPage *self)
{
  open_dialog (self, g_object_get_data (G_OBJECT (button), "discount"));
}

static void
on_deleted (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (Call) call = user_data;
  GuichetDiscountsPage *self = call->self;
  g_autoptr (GError) error = NULL;
  g_autofree char *title = NULL;

  if (!guichet_provider_delete_discount_finish (GUICHET_PROVIDER (source), result, &error))
    {
      if (!g_cancellable_is_cancelled (call->cancellable))
        guichet_page_show_error (GUICHET_PAGE (self), error->message);
      return;
    }
  if (g_cancellable_is_cancelled (call->cancellable))
    return;

  /* Translators: %s is a discount code */
  title = g_strdup_printf (_("Discount %s deleted"), call->code);
  guichet_page_add_toast (GUICHET_PAGE (self), adw_toast_new (title));
  reload (self);
}

static void
on_delete_response (AdwMessageDialog     *dialog,
                    const char           *response,
                    GuichetDiscountsPage *self)
{
  GuichetDiscount *discount = g_object_get_data (G_OBJECT (dialog), "discount");

  if (!g_str_equal (response, "delete") || self->provider == NULL || self->cancellable == NULL)
    return;

  guichet_provider_delete_discount_async (self->provider, guichet_discount_get_id (discount),
                                          self->cancellable, on_deleted,
                                          call_new (self, self->cancellable,
                                                    guichet_discount_get_code (discount)));
}

static void
on_delete_clicked (GtkButton            *button,
                   GuichetDiscountsPage *self)
{
  GuichetDiscount *discount = g_object_get_data (G_OBJECT (button), "discount");
  /* Translators: %s is a discount code */
  g_autofree char *heading =
    g_strdup_printf (_("Delete Discount %s?"), guichet_discount_get_code (discount));
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (
    GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading,
    _("Buyers will no longer be able to use this code. This cannot be undone."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel",
                                    _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "discount", g_object_ref (discount), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  open_dialog (GUICHET_DISCOUNTS_PAGE (widget), NULL);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  reload (GUICHET_DISCOUNTS_PAGE (widget));
}

static void
guichet_discounts_page_dispose (GObject *object)
{
  GuichetDiscountsPage *self = GUICHET_DISCOUNTS_PAGE (object);

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->provider);
  g_clear_pointer (&self->discounts, g_ptr_array_unref);
  g_clear_pointer (&self->account_id, g_free);

  /* The template's root is the bin's child: let the bin drop it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), GUICHET_TYPE_DISCOUNTS_PAGE);

  G_OBJECT_CLASS (guichet_discounts_page_parent_class)->dispose (object);
}

static void
guichet_discounts_page_class_init (GuichetDiscountsPageClass *klass)
{
  GObjectClass     *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass   *widget_class = GTK_WIDGET_CLASS (klass);
  GuichetPageClass *page_class = GUICHET_PAGE_CLASS (klass);

  object_class->dispose = guichet_discounts_page_dispose;
  page_class->event_changed = guichet_discounts_page_event_changed;
  page_class->session_changed = guichet_discounts_page_session_changed;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/guichet/Guichet/guichet-discounts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GuichetDiscountsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, GuichetDiscountsPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, GuichetDiscountsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, GuichetDiscountsPage, list_box);

  gtk_widget_class_install_action (widget_class, "discounts.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "discounts.reload", NULL, reload_action);
}

static void
guichet_discounts_page_init (GuichetDiscountsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->discounts = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "discounts.new", FALSE);
}
