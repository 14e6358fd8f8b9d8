/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-discount-dialog"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "guichet-date-row.h"
#include "guichet-discount-dialog.h"
#include "guichet-form-private.h"
#include "guichet-spinner.h"

struct _GuichetDiscountDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkButton      *save_button;
  GtkSpinner     *spinner;
  GtkWidget      *form_box;
  GtkLabel       *general_error;
  AdwEntryRow    *code_row;
  GtkLabel       *code_error;
  AdwEntryRow    *name_row;
  GtkLabel       *name_error;
  AdwComboRow    *kind_row;
  AdwEntryRow    *amount_row;
  GtkLabel       *amount_error;
  GuichetDateRow *expiry_row;
  GtkLabel       *expiry_error;
  AdwActionRow   *max_uses_row;
  GtkSpinButton  *max_uses_spin;
  GtkLabel       *max_uses_error;
  GtkWidget      *ticket_types_heading;
  GtkListBox     *ticket_types_list;
  GtkLabel       *ticket_types_error;

  GuichetProvider *provider;
  GuichetDiscount *discount; /* the one edited, or NULL */
  GPtrArray       *others;
  char            *currency;
  GPtrArray       *ticket_types;
  GPtrArray       *checks; /* GtkCheckButton, as ticket_types */
  GCancellable    *cancellable;
};

G_DEFINE_FINAL_TYPE (GuichetDiscountDialog, guichet_discount_dialog, ADW_TYPE_WINDOW)

enum
{
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What platforms call each field in their errors */
static const char * const code_fields[] = { "code", "discount_code", NULL };
static const char * const name_fields[] = { "name", "title", NULL };
static const char * const amount_fields[] = { "amount",       "percentage", "value",
                                              "price_amount", "face_value", "discount",
                                              "type",         "kind",       NULL };
static const char * const expiry_fields[] = { "valid_to",    "expires",  "expiry", "expires_at",
                                              "expiry_date", "end_date", "end",    NULL };
static const char * const max_uses_fields[] = { "max_uses", "max_redemptions",
                                                "quantity", "usage_limit",
                                                "uses",     NULL };
static const char * const ticket_types_fields[] = { "ticket_type_ids", "ticket_types",
                                                    "ticket_type_id", "tickets", NULL };

static gboolean
is_percentage (GuichetDiscountDialog *self)
{
  return adw_combo_row_get_selected (self->kind_row) == 0;
}

static void
on_kind_changed (GuichetDiscountDialog *self)
{
  if (is_percentage (self))
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->amount_row), _("Percentage"));
  else
    {
      /* Translators: %s is a currency symbol or code, € or CHF */
      g_autofree char *title =
        g_strdup_printf (_("Amount (%s)"), guichet_currency_get_symbol (self->currency));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->amount_row), title);
    }
  _guichet_form_label_entry_row (self->amount_row);
}

static void
set_busy (GuichetDiscountDialog *self,
          gboolean               busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  guichet_spinner_set_busy (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), !busy);
  gtk_widget_set_sensitive (self->form_box, !busy);
}

static void
clear_errors (GuichetDiscountDialog *self)
{
  _guichet_form_set_error (GTK_WIDGET (self->code_row), self->code_error, NULL);
  _guichet_form_set_error (GTK_WIDGET (self->name_row), self->name_error, NULL);
  _guichet_form_set_error (GTK_WIDGET (self->amount_row), self->amount_error, NULL);
  _guichet_form_set_error (GTK_WIDGET (self->expiry_row), self->expiry_error, NULL);
  _guichet_form_set_error (GTK_WIDGET (self->max_uses_row), self->max_uses_error, NULL);
  _guichet_form_set_error (GTK_WIDGET (self->ticket_types_list), self->ticket_types_error, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->general_error), FALSE);
}

static gboolean
code_taken (GuichetDiscountDialog *self,
            const char            *code)
{
  const char      *own_id = self->discount ? guichet_discount_get_id (self->discount) : NULL;
  g_autofree char *folded = g_utf8_casefold (code, -1);

  for (guint i = 0; self->others != NULL && i < self->others->len; i++)
    {
      GuichetDiscount *other = g_ptr_array_index (self->others, i);
      g_autofree char *other_folded = NULL;

      if (own_id != NULL && g_strcmp0 (guichet_discount_get_id (other), own_id) == 0)
        continue;
      if (guichet_discount_get_code (other) == NULL)
        continue;
      other_folded = g_utf8_casefold (guichet_discount_get_code (other), -1);
      if (g_str_equal (folded, other_folded))
        return TRUE;
    }

  return FALSE;
}

/* The discount to send, or NULL after marking what is wrong. */
static GuichetDiscount *
build_discount (GuichetDiscountDialog *self)
{
  g_autoptr (GuichetDiscount) discount = NULL;
  g_autofree char *code = _guichet_form_dup_text (GTK_EDITABLE (self->code_row));
  g_autofree char *name = _guichet_form_dup_text (GTK_EDITABLE (self->name_row));
  g_autofree char *amount = _guichet_form_dup_text (GTK_EDITABLE (self->amount_row));
  g_autofree char *valid_to = guichet_date_row_dup_end_iso (self->expiry_row);
  g_autoptr (GStrvBuilder) types = g_strv_builder_new ();
  g_auto (GStrv) type_ids = NULL;
  GtkWidget *first_wrong = NULL;
  int        max_uses;

  clear_errors (self);
  discount = self->discount != NULL ? _guichet_form_copy_object (self->discount)
                                    : g_object_new (GUICHET_TYPE_DISCOUNT, NULL);

  if (*code == '\0')
    {
      _guichet_form_set_error (GTK_WIDGET (self->code_row), self->code_error, _("Enter a code."));
      first_wrong = first_wrong ? first_wrong : GTK_WIDGET (self->code_row);
    }
  else if (strpbrk (code, " \t\n") != NULL)
    {
      _guichet_form_set_error (GTK_WIDGET (self->code_row), self->code_error,
                               _("A code has no spaces."));
      first_wrong = first_wrong ? first_wrong : GTK_WIDGET (self->code_row);
    }
  else if (code_taken (self, code))
    {
      _guichet_form_set_error (GTK_WIDGET (self->code_row), self->code_error,
                               _("Another discount already has this code."));
      first_wrong = first_wrong ? first_wrong : GTK_WIDGET (self->code_row);
    }

  if (is_percentage (self))
    {
      gint64 hundredths = 0;

      if (!guichet_percentage_parse (amount, &hundredths, NULL) ||
          hundredths < GUICHET_PERCENTAGE_ONE_PERCENT ||
          hundredths > 100 * GUICHET_PERCENTAGE_ONE_PERCENT)
        {
          _guichet_form_set_error (GTK_WIDGET (self->amount_row), self->amount_error,
                                   _("Enter a percentage from 1 to 100."));
          first_wrong = first_wrong ? first_wrong : GTK_WIDGET (self->amount_row);
        }
      else
        g_object_set (discount, "kind", GUICHET_DISCOUNT_KIND_PERCENTAGE, "percentage", hundredths,
                      "amount", (gint64) 0, NULL);
    }
  else
    {
      GuichetMoney money = { 0 };
      g_autoptr (GError) error = NULL;

      if (!guichet_money_parse (amount, self->currency, GUICHET_MONEY_PARSE_DEFAULT, &money,
                                &error) ||
          money.amount_minor <= 0)
        {
          _guichet_form_set_error (GTK_WIDGET (self->amount_row), self->amount_error,
                                   error != NULL ? error->message
                                                 : _("Enter an amount above zero."));
          first_wrong = first_wrong ? first_wrong : GTK_WIDGET (self->amount_row);
        }
      else
        g_object_set (discount, "kind", GUICHET_DISCOUNT_KIND_AMOUNT, "amount", money.amount_minor,
                      "currency", guichet_money_get_currency (&money), "percentage", (gint64) 0,
                      NULL);
    }

  for (guint i = 0; i < self->checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->checks, i)))
      g_strv_builder_add (types, guichet_ticket_category_get_id (
                                   g_ptr_array_index (self->ticket_types, i)));
  type_ids = g_strv_builder_end (types);

  max_uses = gtk_spin_button_get_value_as_int (self->max_uses_spin);

  if (first_wrong != NULL)
    {
      gtk_widget_grab_focus (first_wrong);
      return NULL;
    }

  g_object_set (discount, "code", code, "name", *name != '\0' ? name : code, "valid-to", valid_to,
                "max-uses", max_uses > 0 ? (gint64) max_uses : (gint64) -1, "ticket-type-ids",
                type_ids, NULL);

  return g_steal_pointer (&discount);
}

static void
show_server_error (GuichetDiscountDialog *self,
                   const GError          *error)
{
  g_autoptr (GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  struct
  {
    const char * const *aliases;
    GtkWidget          *row;
    GtkLabel           *label;
  } fields[] = {
    { code_fields, GTK_WIDGET (self->code_row), self->code_error },
    { name_fields, GTK_WIDGET (self->name_row), self->name_error },
    { amount_fields, GTK_WIDGET (self->amount_row), self->amount_error },
    { expiry_fields, GTK_WIDGET (self->expiry_row), self->expiry_error },
    { max_uses_fields, GTK_WIDGET (self->max_uses_row), self->max_uses_error },
    { ticket_types_fields, GTK_WIDGET (self->ticket_types_list), self->ticket_types_error },
  };
  g_autofree char *general = NULL;
  GtkWidget       *first_wrong = NULL;

  clear_errors (self);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *messages = _guichet_form_field_messages (error, fields[i].aliases, used);

      if (messages == NULL)
        continue;
      _guichet_form_set_error (fields[i].row, fields[i].label, messages);
      first_wrong = first_wrong ? first_wrong : fields[i].row;
    }

  general = _guichet_form_general_message (error, used);
  gtk_label_set_text (self->general_error, general);
  gtk_widget_set_visible (GTK_WIDGET (self->general_error), TRUE);
  if (first_wrong != NULL)
    gtk_widget_grab_focus (first_wrong);
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr (GuichetDiscountDialog) self = user_data;
  g_autoptr (GuichetDiscount) saved = NULL;
  g_autoptr (GError) error = NULL;

  if (self->discount != NULL)
    saved = guichet_provider_update_discount_finish (GUICHET_PROVIDER (source), result, &error);
  else
    saved = guichet_provider_create_discount_finish (GUICHET_PROVIDER (source), result, &error);

  /* Closed meanwhile */
  if (self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;

  set_busy (self, FALSE);
  if (saved == NULL)
    {
      show_server_error (self, error);
      return;
    }

  g_signal_emit (self, signals[SAVED], 0, saved);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_save_clicked (GuichetDiscountDialog *self)
{
  g_autoptr (GuichetDiscount) discount = build_discount (self);

  if (discount == NULL)
    return;

  set_busy (self, TRUE);
  if (self->discount != NULL)
    guichet_provider_update_discount_async (self->provider, discount, self->cancellable, on_saved,
                                            g_object_ref (self));
  else
    guichet_provider_create_discount_async (self->provider, discount, self->cancellable, on_saved,
                                            g_object_ref (self));
}

static void
on_cancel_clicked (GuichetDiscountDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
guichet_discount_dialog_dispose (GObject *object)
{
  GuichetDiscountDialog *self = GUICHET_DISCOUNT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->provider);
  g_clear_object (&self->discount);
  g_clear_pointer (&self->others, g_ptr_array_unref);
  g_clear_pointer (&self->ticket_types, g_ptr_array_unref);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_pointer (&self->currency, g_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), GUICHET_TYPE_DISCOUNT_DIALOG);

  G_OBJECT_CLASS (guichet_discount_dialog_parent_class)->dispose (object);
}

static void
guichet_discount_dialog_class_init (GuichetDiscountDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = guichet_discount_dialog_dispose;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 1, GUICHET_TYPE_DISCOUNT);

  g_type_ensure (GUICHET_TYPE_DATE_ROW);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/guichet/Guichet/guichet-discount-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GuichetDiscountDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, GuichetDiscountDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, GuichetDiscountDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, GuichetDiscountDialog, form_box);
  gtk_widget_class_bind_template_child (widget_class, GuichetDiscountDialog, general_error);
  gtk_widget_class_bind_template_child (widget_class, GuichetDiscountDialog, code_row);
  gtk_widget_class_bind_template_child (widget_class, GuichetDiscountDialog, code_error);
  gtk_widget_class_bind_template_child (widget_class, GuichetDiscountDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, GuichetDiscountDialog, name_error);
  gtk_widget_class_bind_template_child (widget_class, GuichetDiscountDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, GuichetDiscountDialog, amount_row);
  gtk_widget_class_bind_template_child (widget_class, GuichetDiscountDialog, amount_error);
  gtk_widget_class_bind_template_child (widget_class, GuichetDiscountDialog, expiry_row);
  gtk_widget_class_bind_template_child (widget_class, GuichetDiscountDialog, expiry_error);
  gtk_widget_class_bind_template_child (widget_class, GuichetDiscountDialog, max_uses_row);
  gtk_widget_class_bind_template_child (widget_class, GuichetDiscountDialog, max_uses_spin);
  gtk_widget_class_bind_template_child (widget_class, GuichetDiscountDialog, max_uses_error);
  gtk_widget_class_bind_template_child (widget_class, GuichetDiscountDialog, ticket_types_heading);
  gtk_widget_class_bind_template_child (widget_class, GuichetDiscountDialog, ticket_types_list);
  gtk_widget_class_bind_template_child (widget_class, GuichetDiscountDialog, ticket_types_error);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
guichet_discount_dialog_init (GuichetDiscountDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->checks = g_ptr_array_new ();
  _guichet_form_label_entry_row (self->code_row);
  _guichet_form_label_entry_row (self->name_row);
}

static void
fill (GuichetDiscountDialog *self)
{
  GuichetDiscount    *discount = self->discount;
  const char * const *selected = discount ? guichet_discount_get_ticket_type_ids (discount) : NULL;

  for (guint i = 0; i < self->ticket_types->len; i++)
    {
      GuichetTicketCategory *type = g_ptr_array_index (self->ticket_types, i);
      GtkWidget             *row = adw_action_row_new ();
      GtkWidget             *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     guichet_ticket_category_get_name (type));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      guichet_ticket_category_get_name (type), -1);
      if (selected != NULL && g_strv_contains (selected, guichet_ticket_category_get_id (type)))
        gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      gtk_list_box_append (self->ticket_types_list, row);
      g_ptr_array_add (self->checks, check);
    }
  gtk_widget_set_visible (self->ticket_types_heading, self->ticket_types->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->ticket_types_list), self->ticket_types->len > 0);

  if (discount == NULL)
    {
      on_kind_changed (self);
      return;
    }

  gtk_window_set_title (GTK_WINDOW (self), _("Edit Discount"));
  adw_window_title_set_title (self->window_title, _("Edit Discount"));
  gtk_editable_set_text (GTK_EDITABLE (self->code_row), guichet_discount_get_code (discount) ?: "");
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), guichet_discount_get_name (discount) ?: "");
  if (guichet_discount_get_kind (discount) == GUICHET_DISCOUNT_KIND_PERCENTAGE)
    {
      g_autofree char *text =
        guichet_percentage_to_string (guichet_discount_get_percentage (discount));

      adw_combo_row_set_selected (self->kind_row, 0);
      gtk_editable_set_text (GTK_EDITABLE (self->amount_row), text);
    }
  else
    {
      g_autofree char *text = guichet_money_to_string (guichet_discount_get_amount (discount));

      if (guichet_discount_get_currency (discount) != NULL)
        {
          g_free (self->currency);
          self->currency = g_strdup (guichet_discount_get_currency (discount));
        }
      adw_combo_row_set_selected (self->kind_row, 1);
      gtk_editable_set_text (GTK_EDITABLE (self->amount_row), text);
    }
  on_kind_changed (self);
  guichet_date_row_set_iso (self->expiry_row, guichet_discount_get_valid_to (discount));
  if (guichet_discount_get_max_uses (discount) > 0)
    gtk_spin_button_set_value (self->max_uses_spin,
                               (double) guichet_discount_get_max_uses (discount));
}

GuichetDiscountDialog *
guichet_discount_dialog_new (GtkWindow       *parent,
                             GuichetProvider *provider,
                             GuichetDiscount *discount,
                             GPtrArray       *others,
                             const char      *currency,
                             GPtrArray       *ticket_types)
{
  GuichetDiscountDialog *self;

  g_return_val_if_fail (GUICHET_IS_PROVIDER (provider), NULL);
  g_return_val_if_fail (discount == NULL || GUICHET_IS_DISCOUNT (discount), NULL);

  self = g_object_new (GUICHET_TYPE_DISCOUNT_DIALOG, "transient-for", parent, NULL);
  self->provider = g_object_ref (provider);
  self->discount = discount ? g_object_ref (discount) : NULL;
  self->others = others ? g_ptr_array_ref (others) : NULL;
  self->currency = g_strdup (currency);
  self->ticket_types =
    ticket_types ? g_ptr_array_ref (ticket_types) : g_ptr_array_new_with_free_func (g_object_unref);
  fill (self);

  return self;
}
