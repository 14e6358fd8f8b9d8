/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "guichet-ticket-category"

#include "config.h"

#include "guichet-ticket-category.h"
#include "guichet-util-private.h"
#include "guichet-enums.h"

struct _GuichetTicketCategory
{
  GObject parent_instance;

  char               *id;
  char               *event_id;
  char               *parent_id;
  GuichetCategoryKind kind;
  char               *name;
  GuichetMoney        price;
  gint64              quota;
  gint64              sold;
  gint64              checked_in;
  char               *sale_start;
  char               *sale_end;

  GListStore *children;
};

G_DEFINE_FINAL_TYPE (GuichetTicketCategory, guichet_ticket_category, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_EVENT_ID,
  PROP_PARENT_ID,
  PROP_KIND,
  PROP_NAME,
  PROP_PRICE,
  PROP_CURRENCY,
  PROP_QUOTA,
  PROP_SOLD,
  PROP_CHECKED_IN,
  PROP_SALE_START,
  PROP_SALE_END,
  PROP_CHILDREN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_children_parent_id (GuichetTicketCategory *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->children));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GuichetTicketCategory) child =
        g_list_model_get_item (G_LIST_MODEL (self->children), i);

      g_object_set (child, "parent-id", self->id, NULL);
    }
}

static void
guichet_ticket_category_finalize (GObject *object)
{
  GuichetTicketCategory *self = GUICHET_TICKET_CATEGORY (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->event_id, g_free);
  g_clear_pointer (&self->parent_id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->sale_start, g_free);
  g_clear_pointer (&self->sale_end, g_free);
  g_clear_object (&self->children);

  G_OBJECT_CLASS (guichet_ticket_category_parent_class)->finalize (object);
}

static void
guichet_ticket_category_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  GuichetTicketCategory *self = GUICHET_TICKET_CATEGORY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_EVENT_ID:
      g_value_set_string (value, self->event_id);
      break;

    case PROP_PARENT_ID:
      g_value_set_string (value, self->parent_id);
      break;

    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_PRICE:
      g_value_set_int64 (value, self->price.amount_minor);
      break;

    case PROP_CURRENCY:
      g_value_set_string (value, guichet_money_get_currency (&self->price));
      break;

    case PROP_QUOTA:
      g_value_set_int64 (value, self->quota);
      break;

    case PROP_SOLD:
      g_value_set_int64 (value, self->sold);
      break;

    case PROP_CHECKED_IN:
      g_value_set_int64 (value, self->checked_in);
      break;

    case PROP_SALE_START:
      g_value_set_string (value, self->sale_start);
      break;

    case PROP_SALE_END:
      g_value_set_string (value, self->sale_end);
      break;

    case PROP_CHILDREN:
      g_value_set_object (value, self->children);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
guichet_ticket_category_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  GuichetTicketCategory *self = GUICHET_TICKET_CATEGORY (object);
  gboolean               changed = FALSE;

  switch (prop_id)
    {
    case PROP_ID:
      changed = _guichet_set_string (&self->id, g_value_get_string (value));
      if (changed)
        update_children_parent_id (self);
      break;

    case PROP_EVENT_ID:
      changed = _guichet_set_string (&self->event_id, g_value_get_string (value));
      break;

    case PROP_PARENT_ID:
      changed = _guichet_set_string (&self->parent_id, g_value_get_string (value));
      break;

    case PROP_KIND:
      changed = (int) self->kind != g_value_get_enum (value);
      self->kind = g_value_get_enum (value);
      break;

    case PROP_NAME:
      changed = _guichet_set_string (&self->name, g_value_get_string (value));
      break;

    case PROP_PRICE:
      changed = _guichet_set_money_amount (&self->price, g_value_get_int64 (value));
      break;

    case PROP_CURRENCY:
      changed = _guichet_set_money_currency (&self->price, g_value_get_string (value));
      break;

    case PROP_QUOTA:
      changed = self->quota != g_value_get_int64 (value);
      self->quota = g_value_get_int64 (value);
      break;

    case PROP_SOLD:
      changed = self->sold != g_value_get_int64 (value);
      self->sold = g_value_get_int64 (value);
      break;

    case PROP_CHECKED_IN:
      changed = self->checked_in != g_value_get_int64 (value);
      self->checked_in = g_value_get_int64 (value);
      break;

    case PROP_SALE_START:
      changed = _guichet_set_string (&self->sale_start, g_value_get_string (value));
      break;

    case PROP_SALE_END:
      changed = _guichet_set_string (&self->sale_end, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  if (changed)
    g_object_notify_by_pspec (object, pspec);
}

static void
guichet_ticket_category_class_init (GuichetTicketCategoryClass *klass)
{
  GObjectClass     *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = guichet_ticket_category_finalize;
  object_class->get_property = guichet_ticket_category_get_property;
  object_class->set_property = guichet_ticket_category_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);

  properties[PROP_EVENT_ID] = g_param_spec_string ("event-id", NULL, NULL, NULL, flags);

  properties[PROP_PARENT_ID] = g_param_spec_string ("parent-id", NULL, NULL, NULL, flags);

  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL, GUICHET_TYPE_CATEGORY_KIND,
                                             GUICHET_CATEGORY_KIND_TICKET, flags);

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);

  properties[PROP_PRICE] =
    g_param_spec_int64 ("price", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);

  properties[PROP_CURRENCY] = g_param_spec_string ("currency", NULL, NULL, NULL, flags);

  properties[PROP_QUOTA] =
    g_param_spec_int64 ("quota", NULL, NULL, G_MININT64, G_MAXINT64, -1, flags);

  properties[PROP_SOLD] = g_param_spec_int64 ("sold", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);

  properties[PROP_CHECKED_IN] =
    g_param_spec_int64 ("checked-in", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);

  properties[PROP_SALE_START] = g_param_spec_string ("sale-start", NULL, NULL, NULL, flags);

  properties[PROP_SALE_END] = g_param_spec_string ("sale-end", NULL, NULL, NULL, flags);

  /* The children, as a GListModel of GuichetTicketCategory; read-only:
   * use guichet_ticket_category_append_child() to add one. */
  properties[PROP_CHILDREN] = g_param_spec_object ("children", NULL, NULL, G_TYPE_LIST_MODEL,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
guichet_ticket_category_init (GuichetTicketCategory *self)
{
  self->kind = GUICHET_CATEGORY_KIND_TICKET;
  self->quota = -1;
  self->children = g_list_store_new (GUICHET_TYPE_TICKET_CATEGORY);
}

const char *
guichet_ticket_category_get_id (GuichetTicketCategory *self)
{
  g_return_val_if_fail (GUICHET_IS_TICKET_CATEGORY (self), NULL);

  return self->id;
}

const char *
guichet_ticket_category_get_event_id (GuichetTicketCategory *self)
{
  g_return_val_if_fail (GUICHET_IS_TICKET_CATEGORY (self), NULL);

  return self->event_id;
}

const char *
guichet_ticket_category_get_parent_id (GuichetTicketCategory *self)
{
  g_return_val_if_fail (GUICHET_IS_TICKET_CATEGORY (self), NULL);

  return self->parent_id;
}

GuichetCategoryKind
guichet_ticket_category_get_kind (GuichetTicketCategory *self)
{
  g_return_val_if_fail (GUICHET_IS_TICKET_CATEGORY (self), GUICHET_CATEGORY_KIND_TICKET);

  return self->kind;
}

const char *
guichet_ticket_category_get_name (GuichetTicketCategory *self)
{
  g_return_val_if_fail (GUICHET_IS_TICKET_CATEGORY (self), NULL);

  return self->name;
}

const GuichetMoney *
guichet_ticket_category_get_price (GuichetTicketCategory *self)
{
  g_return_val_if_fail (GUICHET_IS_TICKET_CATEGORY (self), NULL);

  return &self->price;
}

const char *
guichet_ticket_category_get_currency (GuichetTicketCategory *self)
{
  g_return_val_if_fail (GUICHET_IS_TICKET_CATEGORY (self), NULL);

  return guichet_money_get_currency (&self->price);
}

gint64
guichet_ticket_category_get_quota (GuichetTicketCategory *self)
{
  g_return_val_if_fail (GUICHET_IS_TICKET_CATEGORY (self), -1);

  return self->quota;
}

gint64
guichet_ticket_category_get_sold (GuichetTicketCategory *self)
{
  g_return_val_if_fail (GUICHET_IS_TICKET_CATEGORY (self), 0);

  return self->sold;
}

gint64
guichet_ticket_category_get_checked_in (GuichetTicketCategory *self)
{
  g_return_val_if_fail (GUICHET_IS_TICKET_CATEGORY (self), 0);

  return self->checked_in;
}

const char *
guichet_ticket_category_get_sale_start (GuichetTicketCategory *self)
{
  g_return_val_if_fail (GUICHET_IS_TICKET_CATEGORY (self), NULL);

  return self->sale_start;
}

const char *
guichet_ticket_category_get_sale_end (GuichetTicketCategory *self)
{
  g_return_val_if_fail (GUICHET_IS_TICKET_CATEGORY (self), NULL);

  return self->sale_end;
}

/**
 * guichet_ticket_category_get_children:
 *
 * Returns: (transfer none): the children, a GListModel of GuichetTicketCategory
 */
GListModel *
guichet_ticket_category_get_children (GuichetTicketCategory *self)
{
  g_return_val_if_fail (GUICHET_IS_TICKET_CATEGORY (self), NULL);

  return G_LIST_MODEL (self->children);
}

/* Appends @child (taking a new reference) and sets its "parent-id" to the
 * id of @self. */
void
guichet_ticket_category_append_child (GuichetTicketCategory *self,
                                      GuichetTicketCategory *child)
{
  g_return_if_fail (GUICHET_IS_TICKET_CATEGORY (self));
  g_return_if_fail (GUICHET_IS_TICKET_CATEGORY (child));
  g_return_if_fail (self != child);

  g_object_set (child, "parent-id", self->id, NULL);
  g_list_store_append (self->children, child);
}
