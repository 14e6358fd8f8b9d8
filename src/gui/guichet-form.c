/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-form"

#include "config.h"

#include <glib/gi18n.h>

#include "guichet-form-private.h"

void
_guichet_form_set_error (GtkWidget  *row,
                         GtkLabel   *label,
                         const char *message)
{
  g_return_if_fail (GTK_IS_WIDGET (row));
  g_return_if_fail (GTK_IS_LABEL (label));

  if (message == NULL || *message == '\0')
    {
      gtk_widget_remove_css_class (row, "error");
      gtk_widget_set_visible (GTK_WIDGET (label), FALSE);
      gtk_label_set_text (label, "");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      return;
    }

  gtk_widget_add_css_class (row, "error");
  gtk_label_set_text (label, message);
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  message, -1);
}

char *
_guichet_form_field_messages (const GError       *error,
                              const char * const *aliases,
                              GHashTable         *used)
{
  const char * const *fields = guichet_error_get_fields (error);
  g_autoptr (GString) text = NULL;

  for (guint i = 0; fields != NULL && fields[i] != NULL; i++)
    {
      const char * const *messages;

      if (!g_strv_contains (aliases, fields[i]))
        continue;

      messages = guichet_error_get_field_messages (error, fields[i]);
      for (guint j = 0; messages != NULL && messages[j] != NULL; j++)
        {
          if (text == NULL)
            text = g_string_new (NULL);
          else
            g_string_append_c (text, '\n');
          g_string_append (text, messages[j]);
        }
      if (used != NULL)
        g_hash_table_add (used, g_strdup (fields[i]));
    }

  return text != NULL ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

char *
_guichet_form_general_message (const GError *error,
                               GHashTable   *used)
{
  const char * const *fields = guichet_error_get_fields (error);
  g_autoptr (GString) text = g_string_new (error->message);

  for (guint i = 0; fields != NULL && fields[i] != NULL; i++)
    {
      const char * const *messages;

      if (used != NULL && g_hash_table_contains (used, fields[i]))
        continue;
      messages = guichet_error_get_field_messages (error, fields[i]);
      for (guint j = 0; messages != NULL && messages[j] != NULL; j++)
        g_string_append_printf (text, "\n%s: %s", fields[i], messages[j]);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

void
_guichet_form_label_entry_row (AdwEntryRow *row)
{
  GtkEditable *delegate = gtk_editable_get_delegate (GTK_EDITABLE (row));

  if (delegate != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (delegate), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), -1);
}

char *
_guichet_form_dup_text (GtkEditable *editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (editable)));
}

static void
collect_leaves (GuichetTicketCategory *node,
                GPtrArray             *leaves)
{
  GListModel *children = guichet_ticket_category_get_children (node);

  if (guichet_ticket_category_get_kind (node) == GUICHET_CATEGORY_KIND_TICKET)
    g_ptr_array_add (leaves, g_object_ref (node));
  for (guint i = 0; children != NULL && i < g_list_model_get_n_items (children); i++)
    {
      g_autoptr (GuichetTicketCategory) child = g_list_model_get_item (children, i);

      collect_leaves (child, leaves);
    }
}

GPtrArray *
_guichet_form_list_ticket_types (GuichetStore *store,
                                 GuichetEvent *event)
{
  g_autoptr (GPtrArray) roots = NULL;
  GPtrArray *leaves = g_ptr_array_new_with_free_func (g_object_unref);

  if (store == NULL || event == NULL)
    return leaves;

  roots = guichet_store_list_categories (store, guichet_event_get_account_id (event),
                                         guichet_event_get_id (event), NULL);
  for (guint i = 0; roots != NULL && i < roots->len; i++)
    collect_leaves (g_ptr_array_index (roots, i), leaves);
  return leaves;
}

gpointer
_guichet_form_copy_object (gpointer object)
{
  g_autofree GParamSpec **specs = NULL;
  GObject                *copy;
  guint                   n_specs;

  g_return_val_if_fail (G_IS_OBJECT (object), NULL);

  copy = g_object_new (G_OBJECT_TYPE (object), NULL);
  specs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n_specs);
  for (guint i = 0; i < n_specs; i++)
    {
      g_auto (GValue) value = G_VALUE_INIT;

      if ((specs[i]->flags & G_PARAM_READWRITE) != G_PARAM_READWRITE ||
          (specs[i]->flags & G_PARAM_CONSTRUCT_ONLY) != 0)
        continue;
      g_value_init (&value, specs[i]->value_type);
      g_object_get_property (object, specs[i]->name, &value);
      g_object_set_property (copy, specs[i]->name, &value);
    }

  return copy;
}
