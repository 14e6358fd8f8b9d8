/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-voucher-dialog"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "guichet-date-row.h"
#include "guichet-form-private.h"
#include "guichet-voucher-dialog.h"
#include "guichet-spinner.h"

struct _GuichetVoucherDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkButton      *save_button;
  GtkSpinner     *spinner;
  GtkWidget      *form_box;
  GtkLabel       *general_error;
  AdwEntryRow    *name_row;
  GtkLabel       *name_error;
  AdwEntryRow    *value_row;
  GtkLabel       *value_error;
  GuichetDateRow *expiry_row;
  GtkLabel       *expiry_error;
  GtkLabel       *codes_heading;
  GtkWidget      *codes_frame;
  GtkTextView    *codes_view;
  GtkLabel       *codes_error;

  GuichetProvider *provider;
  GuichetVoucher  *voucher; /* the one edited, or NULL */
  char            *account_id;
  char            *currency;
  GCancellable    *cancellable;
};

G_DEFINE_FINAL_TYPE (GuichetVoucherDialog, guichet_voucher_dialog, ADW_TYPE_WINDOW)

enum
{
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const name_fields[] = { "name", "title", NULL };
static const char * const value_fields[] = { "value", "amount", "face_value", "currency", NULL };
static const char * const expiry_fields[] = { "valid_to",    "expires",  "expiry", "expires_at",
                                              "expiry_date", "end_date", NULL };
static const char * const codes_fields[] = { "codes", "code", "voucher_codes", NULL };

static void
set_busy (GuichetVoucherDialog *self,
          gboolean              busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  guichet_spinner_set_busy (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), !busy);
  gtk_widget_set_sensitive (self->form_box, !busy);
}

static void
clear_errors (GuichetVoucherDialog *self)
{
  _guichet_form_set_error (GTK_WIDGET (self->name_row), self->name_error, NULL);
  _guichet_form_set_error (GTK_WIDGET (self->value_row), self->value_error, NULL);
  _guichet_form_set_error (GTK_WIDGET (self->expiry_row), self->expiry_error, NULL);
  _guichet_form_set_error (self->codes_frame, self->codes_error, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->general_error), FALSE);
}

/* The codes typed, one per line, or NULL after marking what is wrong. */
static GStrv
read_codes (GuichetVoucherDialog *self)
{
  GtkTextBuffer   *buffer = gtk_text_view_get_buffer (self->codes_view);
  GtkTextIter      start, end;
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char            *code = g_strstrip (lines[i]);
      g_autofree char *folded = NULL;

      if (*code == '\0')
        continue;
      if (strpbrk (code, " \t") != NULL)
        {
          /* Translators: %s is a voucher code as typed */
          g_autofree char *message =
            g_strdup_printf (_("“%s” has a space: a code is one word."), code);

          _guichet_form_set_error (self->codes_frame, self->codes_error, message);
          return NULL;
        }
      folded = g_utf8_casefold (code, -1);
      if (!g_hash_table_add (seen, g_steal_pointer (&folded)))
        {
          /* Translators: %s is a voucher code as typed */
          g_autofree char *message = g_strdup_printf (_("“%s” is there twice."), code);

          _guichet_form_set_error (self->codes_frame, self->codes_error, message);
          return NULL;
        }
      g_strv_builder_add (builder, code);
    }

  if (self->voucher == NULL && g_hash_table_size (seen) == 0)
    {
      _guichet_form_set_error (self->codes_frame, self->codes_error, _("Enter at least one code."));
      return NULL;
    }

  return g_strv_builder_end (builder);
}

static GuichetVoucher *
build_voucher (GuichetVoucherDialog *self)
{
  g_autoptr (GuichetVoucher) voucher = NULL;
  g_autofree char *name = _guichet_form_dup_text (GTK_EDITABLE (self->name_row));
  g_autofree char *value = _guichet_form_dup_text (GTK_EDITABLE (self->value_row));
  g_autofree char *valid_to = guichet_date_row_dup_end_iso (self->expiry_row);
  g_auto (GStrv) codes = NULL;
  g_autoptr (GError) error = NULL;
  GuichetMoney money = { 0 };
  GtkWidget   *first_wrong = NULL;

  clear_errors (self);
  voucher = self->voucher != NULL
              ? _guichet_form_copy_object (self->voucher)
              : g_object_new (GUICHET_TYPE_VOUCHER, "account-id", self->account_id, NULL);

  if (*name == '\0')
    {
      _guichet_form_set_error (GTK_WIDGET (self->name_row), self->name_error, _("Enter a name."));
      first_wrong = GTK_WIDGET (self->name_row);
    }

  if (!guichet_money_parse (value, self->currency, GUICHET_MONEY_PARSE_DEFAULT, &money, &error) ||
      money.amount_minor <= 0)
    {
      _guichet_form_set_error (GTK_WIDGET (self->value_row), self->value_error,
                               error != NULL ? error->message : _("Enter a value above zero."));
      first_wrong = first_wrong ? first_wrong : GTK_WIDGET (self->value_row);
    }

  codes = read_codes (self);
  if (codes == NULL)
    first_wrong = first_wrong ? first_wrong : GTK_WIDGET (self->codes_view);

  if (first_wrong != NULL)
    {
      gtk_widget_grab_focus (first_wrong);
      return NULL;
    }

  g_object_set (voucher, "name", name, "value", money.amount_minor, "currency",
                guichet_money_get_currency (&money), "valid-to", valid_to, "codes", codes, NULL);

  return g_steal_pointer (&voucher);
}

static void
show_server_error (GuichetVoucherDialog *self,
                   const GError         *error)
{
  g_autoptr (GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  struct
  {
    const char * const *aliases;
    GtkWidget          *row;
    GtkLabel           *label;
  } fields[] = {
    { name_fields, GTK_WIDGET (self->name_row), self->name_error },
    { value_fields, GTK_WIDGET (self->value_row), self->value_error },
    { expiry_fields, GTK_WIDGET (self->expiry_row), self->expiry_error },
    { codes_fields, self->codes_frame, self->codes_error },
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
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr (GuichetVoucherDialog) self = user_data;
  g_autoptr (GuichetVoucher) saved = NULL;
  g_autoptr (GError) error = NULL;

  if (self->voucher != NULL)
    saved = guichet_provider_update_voucher_finish (GUICHET_PROVIDER (source), result, &error);
  else
    saved = guichet_provider_create_voucher_finish (GUICHET_PROVIDER (source), result, &error);

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
on_save_clicked (GuichetVoucherDialog *self)
{
  g_autoptr (GuichetVoucher) voucher = build_voucher (self);

  if (voucher == NULL)
    return;

  set_busy (self, TRUE);
  if (self->voucher != NULL)
    guichet_provider_update_voucher_async (self->provider, voucher, self->cancellable, on_saved,
                                           g_object_ref (self));
  else
    guichet_provider_create_voucher_async (self->provider, voucher, self->cancellable, on_saved,
                                           g_object_ref (self));
}

static void
on_cancel_clicked (GuichetVoucherDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
guichet_voucher_dialog_dispose (GObject *object)
{
  GuichetVoucherDialog *self = GUICHET_VOUCHER_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->provider);
  g_clear_object (&self->voucher);
  g_clear_pointer (&self->account_id, g_free);
  g_clear_pointer (&self->currency, g_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), GUICHET_TYPE_VOUCHER_DIALOG);

  G_OBJECT_CLASS (guichet_voucher_dialog_parent_class)->dispose (object);
}

static void
guichet_voucher_dialog_class_init (GuichetVoucherDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = guichet_voucher_dialog_dispose;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 1, GUICHET_TYPE_VOUCHER);

  g_type_ensure (GUICHET_TYPE_DATE_ROW);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/guichet/Guichet/guichet-voucher-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GuichetVoucherDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, GuichetVoucherDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, GuichetVoucherDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, GuichetVoucherDialog, form_box);
  gtk_widget_class_bind_template_child (widget_class, GuichetVoucherDialog, general_error);
  gtk_widget_class_bind_template_child (widget_class, GuichetVoucherDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, GuichetVoucherDialog, name_error);
  gtk_widget_class_bind_template_child (widget_class, GuichetVoucherDialog, value_row);
  gtk_widget_class_bind_template_child (widget_class, GuichetVoucherDialog, value_error);
  gtk_widget_class_bind_template_child (widget_class, GuichetVoucherDialog, expiry_row);
  gtk_widget_class_bind_template_child (widget_class, GuichetVoucherDialog, expiry_error);
  gtk_widget_class_bind_template_child (widget_class, GuichetVoucherDialog, codes_heading);
  gtk_widget_class_bind_template_child (widget_class, GuichetVoucherDialog, codes_frame);
  gtk_widget_class_bind_template_child (widget_class, GuichetVoucherDialog, codes_view);
  gtk_widget_class_bind_template_child (widget_class, GuichetVoucherDialog, codes_error);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
guichet_voucher_dialog_init (GuichetVoucherDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  _guichet_form_label_entry_row (self->name_row);
}

GuichetVoucherDialog *
guichet_voucher_dialog_new (GtkWindow       *parent,
                            GuichetProvider *provider,
                            GuichetVoucher  *voucher,
                            const char      *account_id,
                            const char      *currency)
{
  GuichetVoucherDialog *self;
  g_autofree char      *value_title = NULL;

  g_return_val_if_fail (GUICHET_IS_PROVIDER (provider), NULL);
  g_return_val_if_fail (voucher == NULL || GUICHET_IS_VOUCHER (voucher), NULL);

  self = g_object_new (GUICHET_TYPE_VOUCHER_DIALOG, "transient-for", parent, NULL);
  self->provider = g_object_ref (provider);
  self->voucher = voucher ? g_object_ref (voucher) : NULL;
  self->account_id = g_strdup (account_id);
  self->currency = g_strdup (voucher && guichet_voucher_get_currency (voucher)
                               ? guichet_voucher_get_currency (voucher)
                               : currency);

  /* Translators: %s is a currency symbol or code, € or CHF */
  value_title = g_strdup_printf (_("Value (%s)"), guichet_currency_get_symbol (self->currency));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->value_row), value_title);
  _guichet_form_label_entry_row (self->value_row);

  if (voucher != NULL)
    {
      g_autofree char *value = guichet_money_to_string (guichet_voucher_get_value (voucher));

      gtk_window_set_title (GTK_WINDOW (self), _("Edit Voucher"));
      adw_window_title_set_title (self->window_title, _("Edit Voucher"));
      gtk_label_set_text (self->codes_heading, _("Codes to Add"));
      gtk_editable_set_text (GTK_EDITABLE (self->name_row),
                             guichet_voucher_get_name (voucher) ?: "");
      gtk_editable_set_text (GTK_EDITABLE (self->value_row), value);
      guichet_date_row_set_iso (self->expiry_row, guichet_voucher_get_valid_to (voucher));
    }

  return self;
}
