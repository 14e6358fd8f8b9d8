/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-error"

#include "config.h"

#include "guichet-error.h"

typedef struct
{
  GPtrArray  *fields;   /* field names in order, NULL-terminated */
  GHashTable *messages; /* field -> GPtrArray of messages, NULL-terminated */
} GuichetErrorPrivate;

static void
guichet_error_private_init (GuichetErrorPrivate *priv)
{
}

static GPtrArray *
new_strv_array (void)
{
  GPtrArray *array = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (array, NULL);
  return array;
}

/* Appends to a NULL-terminated array */
static void
strv_array_add (GPtrArray  *array,
                const char *text)
{
  array->pdata[array->len - 1] = g_strdup (text);
  g_ptr_array_add (array, NULL);
}

static void
add_field_message (GuichetErrorPrivate *priv,
                   const char          *field,
                   const char          *message)
{
  GPtrArray *messages;

  if (priv->fields == NULL)
    {
      priv->fields = new_strv_array ();
      priv->messages =
        g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
    }

  messages = g_hash_table_lookup (priv->messages, field);
  if (messages == NULL)
    {
      messages = new_strv_array ();
      g_hash_table_insert (priv->messages, g_strdup (field), messages);
      strv_array_add (priv->fields, field);
    }
  strv_array_add (messages, message);
}

static void
guichet_error_private_copy (const GuichetErrorPrivate *src,
                            GuichetErrorPrivate       *dest)
{
  if (src->fields == NULL)
    return;

  for (guint i = 0; i + 1 < src->fields->len; i++)
    {
      const char *field = g_ptr_array_index (src->fields, i);
      GPtrArray  *messages = g_hash_table_lookup (src->messages, field);

      for (guint j = 0; j + 1 < messages->len; j++)
        add_field_message (dest, field, g_ptr_array_index (messages, j));
    }
}

static void
guichet_error_private_clear (GuichetErrorPrivate *priv)
{
  g_clear_pointer (&priv->fields, g_ptr_array_unref);
  g_clear_pointer (&priv->messages, g_hash_table_unref);
}

G_DEFINE_EXTENDED_ERROR (GuichetError, guichet_error)

void
guichet_error_add_field_message (GError     *error,
                                 const char *field,
                                 const char *message)
{
  GuichetErrorPrivate *priv;

  g_return_if_fail (error != NULL);
  g_return_if_fail (field != NULL);
  g_return_if_fail (message != NULL);
  g_return_if_fail (error->domain == GUICHET_ERROR);

  priv = guichet_error_get_private (error);
  g_return_if_fail (priv != NULL);

  add_field_message (priv, field, message);
}

const char * const *
guichet_error_get_fields (const GError *error)
{
  GuichetErrorPrivate *priv;

  if (error == NULL || error->domain != GUICHET_ERROR ||
      (priv = guichet_error_get_private (error)) == NULL || priv->fields == NULL)
    return NULL;

  return (const char * const *) priv->fields->pdata;
}

const char * const *
guichet_error_get_field_messages (const GError *error,
                                  const char   *field)
{
  GuichetErrorPrivate *priv;
  GPtrArray           *messages;

  g_return_val_if_fail (field != NULL, NULL);

  if (error == NULL || error->domain != GUICHET_ERROR ||
      (priv = guichet_error_get_private (error)) == NULL || priv->messages == NULL ||
      (messages = g_hash_table_lookup (priv->messages, field)) == NULL)
    return NULL;

  return (const char * const *) messages->pdata;
}

char *
guichet_error_format_fields (const GError *error)
{
  const char * const *fields = guichet_error_get_fields (error);
  GString            *out;

  if (fields == NULL)
    return NULL;

  out = g_string_new (NULL);
  for (guint i = 0; fields[i] != NULL; i++)
    {
      const char * const *messages = guichet_error_get_field_messages (error, fields[i]);

      for (guint j = 0; messages[j] != NULL; j++)
        g_string_append_printf (out, "%s: %s\n", fields[i], messages[j]);
    }
  return g_string_free (out, FALSE);
}
