/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "guichet-types.h"

G_BEGIN_DECLS

/* One page of a participants sync. */
typedef struct
{
  GPtrArray *participants;  /* (element-type GuichetParticipant) */
  char      *cursor;        /* opaque; store it with the page, pass it to the next call */
  gboolean   more;          /* FALSE: this run is complete; cursor is for the next (incremental) run */
  gboolean   full;          /* TRUE: this run lists every participant, so ones it did not list are gone */
} GuichetParticipantPage;

GuichetParticipantPage *guichet_participant_page_new  (void);
void                    guichet_participant_page_free (GuichetParticipantPage *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GuichetParticipantPage, guichet_participant_page_free)

typedef struct
{
  gint64 total;
  gint64 scanned;
  gint64 in;
  gint64 out;
} GuichetTicketStats;

/* Who a ticket is issued to (guichet_provider_issue_ticket_async()). */
typedef struct
{
  char *first_name;
  char *last_name;
  char *email;
  char *barcode;    /* NULL: the platform makes one */
  char *reference;  /* an external reference (an order number elsewhere), or NULL */
} GuichetTicketHolder;

#define GUICHET_TYPE_TICKET_HOLDER (guichet_ticket_holder_get_type ())
GType                guichet_ticket_holder_get_type      (void) G_GNUC_CONST;
GuichetTicketHolder *guichet_ticket_holder_new           (void);
GuichetTicketHolder *guichet_ticket_holder_copy          (const GuichetTicketHolder *holder);
void                 guichet_ticket_holder_free          (GuichetTicketHolder       *holder);
/* "First Last", either part alone, or NULL when both are empty. */
char                *guichet_ticket_holder_dup_full_name (const GuichetTicketHolder *holder);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GuichetTicketHolder, guichet_ticket_holder_free)

/* One credential a provider asks for when an account is added. */
typedef struct
{
  const char *name;       /* "api_key", "password", "token" */
  const char *label;      /* translatable (N_()), shown in the account dialog */
  gboolean    secret;     /* TRUE: read from stdin / a password row, kept in the keyring */
} GuichetCredentialField;

/* A server an account of a provider can be on, besides any --base-url. */
typedef struct
{
  const char *base_url;   /* "https://api.example.com" */
  const char *label;      /* translatable (N_()), shown in the account dialog */
} GuichetProviderHost;

#define GUICHET_TYPE_PROVIDER (guichet_provider_get_type ())
G_DECLARE_DERIVABLE_TYPE (GuichetProvider, guichet_provider, GUICHET, PROVIDER, GObject)

struct _GuichetProviderClass
{
  GObjectClass parent_class;

  /* Must be set by every subclass in class_init */
  const char                   *kind;              /* "weezevent" */
  const char                   *display_name;      /* N_("Weezevent") */
  const char                   *default_base_url;  /* "https://api.weezevent.com" */
  const char                   *login_field;       /* "username", "email" or NULL */
  const GuichetCredentialField *credentials;       /* NULL-name terminated, stdin order */
  GuichetProviderCapabilities   capabilities;
  /* Optional: the servers offered in the account dialog, NULL-base_url
   * terminated, the default first; NULL offers default_base_url only. */
  const GuichetProviderHost    *hosts;

  /* Must override */
  void        (*sign_in_async)           (GuichetProvider      *self,
                                          GHashTable           *credentials,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
  GHashTable *(*sign_in_finish)          (GuichetProvider      *self,
                                          GAsyncResult         *result,
                                          GError              **error);
  /* Optional: what the platform said of the account at the last sign-in,
   * for the person adding it (translated), or NULL. */
  char       *(*dup_sign_in_summary)     (GuichetProvider      *self);
  void        (*list_events_async)       (GuichetProvider      *self,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
  GPtrArray  *(*list_events_finish)      (GuichetProvider      *self,
                                          GAsyncResult         *result,
                                          GError              **error);

  /* Have a default answering GUICHET_ERROR_NOT_SUPPORTED */
  void        (*list_dates_async)        (GuichetProvider      *self,
                                          const char           *event_id,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
  GPtrArray  *(*list_dates_finish)       (GuichetProvider      *self,
                                          GAsyncResult         *result,
                                          GError              **error);
  void        (*list_categories_async)   (GuichetProvider      *self,
                                          const char           *event_id,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
  GPtrArray  *(*list_categories_finish)  (GuichetProvider      *self,
                                          GAsyncResult         *result,
                                          GError              **error);
  void        (*fetch_participants_async)(GuichetProvider      *self,
                                          const char           *event_id,
                                          const char           *cursor,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
  GuichetParticipantPage *(*fetch_participants_finish) (GuichetProvider *self,
                                                        GAsyncResult    *result,
                                                        GError         **error);
  void        (*get_answers_async)       (GuichetProvider      *self,
                                          const char           *participant_id,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
  char       *(*get_answers_finish)      (GuichetProvider      *self,
                                          GAsyncResult         *result,
                                          GError              **error);
  void        (*ticket_stats_async)      (GuichetProvider      *self,
                                          const char           *ticket_id,
                                          const char           *date_id,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
  gboolean    (*ticket_stats_finish)     (GuichetProvider      *self,
                                          GAsyncResult         *result,
                                          GuichetTicketStats   *stats,
                                          GError              **error);
  void        (*check_in_async)          (GuichetProvider      *self,
                                          GuichetCheckIn       *check_in,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
  gboolean    (*check_in_finish)         (GuichetProvider      *self,
                                          GAsyncResult         *result,
                                          GError              **error);
  void        (*list_discounts_async)    (GuichetProvider      *self,
                                          const char           *code,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
  GPtrArray  *(*list_discounts_finish)   (GuichetProvider      *self,
                                          GAsyncResult         *result,
                                          GError              **error);
  void        (*list_vouchers_async)     (GuichetProvider      *self,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
  GPtrArray  *(*list_vouchers_finish)    (GuichetProvider      *self,
                                          GAsyncResult         *result,
                                          GError              **error);
  void        (*list_orders_async)       (GuichetProvider      *self,
                                          const char           *event_id,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
  GPtrArray  *(*list_orders_finish)      (GuichetProvider      *self,
                                          GAsyncResult         *result,
                                          GError              **error);
  void        (*register_desk_async)     (GuichetProvider      *self,
                                          const char           *desk_name,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
  gboolean    (*register_desk_finish)    (GuichetProvider      *self,
                                          GAsyncResult         *result,
                                          guint                *refresh_interval,
                                          GError              **error);

  /* Writes. Have a default answering GUICHET_ERROR_NOT_SUPPORTED. A task
   * whose source tag is the public guichet_provider_<op>_async() is
   * finished by the base: implement only the _async of an operation and
   * return a GuichetDiscount / GuichetVoucher / GuichetParticipant /
   * GPtrArray pointer, or a boolean, from a task tagged that way.
   * Refused fields travel as GUICHET_ERROR_VALIDATION with field messages
   * (guichet_error_get_fields()). */
  void        (*create_discount_async) (GuichetProvider      *self,
                                        GuichetDiscount      *discount,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
  GuichetDiscount *(*create_discount_finish) (GuichetProvider      *self,
                                              GAsyncResult         *result,
                                              GError              **error);
  void        (*update_discount_async) (GuichetProvider      *self,
                                        GuichetDiscount      *discount,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
  GuichetDiscount *(*update_discount_finish) (GuichetProvider      *self,
                                              GAsyncResult         *result,
                                              GError              **error);
  void        (*delete_discount_async) (GuichetProvider      *self,
                                        const char           *discount_id,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
  gboolean    (*delete_discount_finish) (GuichetProvider      *self,
                                         GAsyncResult         *result,
                                         GError              **error);
  void        (*get_discount_async) (GuichetProvider      *self,
                                     const char           *discount_id,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
  GuichetDiscount *(*get_discount_finish) (GuichetProvider      *self,
                                           GAsyncResult         *result,
                                           GError              **error);
  void        (*create_voucher_async) (GuichetProvider      *self,
                                       GuichetVoucher       *voucher,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
  GuichetVoucher  *(*create_voucher_finish) (GuichetProvider      *self,
                                             GAsyncResult         *result,
                                             GError              **error);
  void        (*update_voucher_async) (GuichetProvider      *self,
                                       GuichetVoucher       *voucher,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
  GuichetVoucher  *(*update_voucher_finish) (GuichetProvider      *self,
                                             GAsyncResult         *result,
                                             GError              **error);
  void        (*delete_voucher_async) (GuichetProvider      *self,
                                       const char           *voucher_id,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
  gboolean    (*delete_voucher_finish) (GuichetProvider      *self,
                                        GAsyncResult         *result,
                                        GError              **error);
  void        (*get_voucher_async) (GuichetProvider      *self,
                                    const char           *voucher_id,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
  GuichetVoucher  *(*get_voucher_finish) (GuichetProvider      *self,
                                          GAsyncResult         *result,
                                          GError              **error);
  void        (*list_voucher_codes_async) (GuichetProvider      *self,
                                           const char           *voucher_id,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
  GPtrArray  *(*list_voucher_codes_finish) (GuichetProvider      *self,
                                            GAsyncResult         *result,
                                            GError              **error);
  void        (*void_voucher_code_async) (GuichetProvider      *self,
                                          const char           *voucher_id,
                                          const char           *code_id,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
  gboolean    (*void_voucher_code_finish) (GuichetProvider      *self,
                                           GAsyncResult         *result,
                                           GError              **error);
  void        (*issue_ticket_async) (GuichetProvider      *self,
                                     const char           *event_id,
                                     const char           *ticket_type_id,
                                     const GuichetTicketHolder *holder,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
  GuichetParticipant *(*issue_ticket_finish) (GuichetProvider      *self,
                                              GAsyncResult         *result,
                                              GError              **error);
  void        (*void_ticket_async) (GuichetProvider      *self,
                                    const char           *ticket_id,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
  gboolean    (*void_ticket_finish) (GuichetProvider      *self,
                                     GAsyncResult         *result,
                                     GError              **error);

  /* The door's look-up of a code its cache does not know (has a default
   * answering GUICHET_ERROR_NOT_SUPPORTED); a task tagged with the public
   * _async is finished by the base. */
  void        (*find_code_async) (GuichetProvider      *self,
                                  const char           *code,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data);
  GPtrArray  *(*find_code_finish) (GuichetProvider      *self,
                                   GAsyncResult         *result,
                                   GError              **error);

  /* Whether a check-in push that may have reached the platform did
   * (has a default answering GUICHET_ERROR_NOT_SUPPORTED); a task tagged
   * with the public _async is finished by the base. */
  void        (*find_check_in_async) (GuichetProvider      *self,
                                      GuichetCheckIn       *check_in,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
  gboolean    (*find_check_in_finish) (GuichetProvider      *self,
                                       GAsyncResult         *result,
                                       gboolean             *found,
                                       GError              **error);
};

/* Properties: "account" (GuichetAccount, construct-only), "http-client"
 * (GuichetHttpClient, construct-only, may be NULL for the demo), "base-url"
 * (the account's, or the class default). Signal "secrets-changed" (no args):
 * the provider obtained new secrets (a refreshed token); the owner stores
 * guichet_provider_get_secrets() in the keyring. Signal "waiting" (guint
 * seconds, GuichetHttpWait reason): one of its requests waits a second or
 * more before it is sent (the platform's request limit, or the server
 * asked). */
GuichetAccount              *guichet_provider_get_account          (GuichetProvider *self);
GuichetHttpClient           *guichet_provider_get_http_client      (GuichetProvider *self);
const char                  *guichet_provider_get_base_url         (GuichetProvider *self);
const char                  *guichet_provider_get_kind             (GuichetProvider *self);
/* The platform's name, translated ("Weezevent"). */
const char                  *guichet_provider_get_display_name     (GuichetProvider *self);
GuichetProviderCapabilities  guichet_provider_get_capabilities     (GuichetProvider *self);
gboolean                     guichet_provider_can                  (GuichetProvider             *self,
                                                                    GuichetProviderCapabilities  caps);
/* The secrets the provider signs its requests with (name -> value), as the
 * keyring holds them. The provider keeps its own reference. */
GHashTable                  *guichet_provider_get_secrets          (GuichetProvider *self);
void                         guichet_provider_set_secrets          (GuichetProvider *self,
                                                                    GHashTable      *secrets);
const char                  *guichet_provider_get_secret           (GuichetProvider *self,
                                                                    const char      *name);
void                         guichet_provider_emit_secrets_changed (GuichetProvider *self);

/* Credentials in (name -> value); the secrets to keep out (name -> value),
 * which the caller stores in the keyring and hands back with set_secrets(). */
void        guichet_provider_sign_in_async            (GuichetProvider      *self,
                                                       GHashTable           *credentials,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
GHashTable *guichet_provider_sign_in_finish           (GuichetProvider      *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
char       *guichet_provider_dup_sign_in_summary      (GuichetProvider      *self);
void        guichet_provider_list_events_async        (GuichetProvider      *self,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
GPtrArray  *guichet_provider_list_events_finish       (GuichetProvider      *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
void        guichet_provider_list_dates_async         (GuichetProvider      *self,
                                                       const char           *event_id,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
GPtrArray  *guichet_provider_list_dates_finish        (GuichetProvider      *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
/* The roots of the category tree (children via guichet_ticket_category_get_children). */
void        guichet_provider_list_categories_async    (GuichetProvider      *self,
                                                       const char           *event_id,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
GPtrArray  *guichet_provider_list_categories_finish   (GuichetProvider      *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
/* cursor NULL: first sync ever. */
void        guichet_provider_fetch_participants_async (GuichetProvider      *self,
                                                       const char           *event_id,
                                                       const char           *cursor,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
GuichetParticipantPage *guichet_provider_fetch_participants_finish (GuichetProvider *self,
                                                                    GAsyncResult    *result,
                                                                    GError         **error);
/* Answers as a JSON array text: [{"label": "...", "value": "..."}] */
void        guichet_provider_get_answers_async        (GuichetProvider      *self,
                                                       const char           *participant_id,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
char       *guichet_provider_get_answers_finish       (GuichetProvider      *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
void        guichet_provider_ticket_stats_async       (GuichetProvider      *self,
                                                       const char           *ticket_id,
                                                       const char           *date_id,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean    guichet_provider_ticket_stats_finish      (GuichetProvider      *self,
                                                       GAsyncResult         *result,
                                                       GuichetTicketStats   *stats,
                                                       GError              **error);
void        guichet_provider_check_in_async           (GuichetProvider      *self,
                                                       GuichetCheckIn       *check_in,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean    guichet_provider_check_in_finish          (GuichetProvider      *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
void        guichet_provider_list_discounts_async     (GuichetProvider      *self,
                                                       const char           *code,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
GPtrArray  *guichet_provider_list_discounts_finish    (GuichetProvider      *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
void        guichet_provider_list_vouchers_async      (GuichetProvider      *self,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
GPtrArray  *guichet_provider_list_vouchers_finish     (GuichetProvider      *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
void        guichet_provider_list_orders_async        (GuichetProvider      *self,
                                                       const char           *event_id,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
GPtrArray  *guichet_provider_list_orders_finish       (GuichetProvider      *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

/* Door stations: names this desk on the platform (a control point) and
 * reads how often the platform wants the door's data refreshed, in seconds
 * (0: no preference). @desk_name may be empty: then only the interval is
 * read. */
void        guichet_provider_register_desk_async      (GuichetProvider      *self,
                                                       const char           *desk_name,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean    guichet_provider_register_desk_finish     (GuichetProvider      *self,
                                                       GAsyncResult         *result,
                                                       guint                *refresh_interval,
                                                       GError              **error);

/* ---- writes ----
 * Each needs the matching capability (GUICHET_PROVIDER_CAN_DISCOUNTS,
 * _VOUCHERS, _ISSUE_TICKETS, _VOID_TICKETS; check-in above:
 * _REMOTE_CHECK_IN); without it the answer is GUICHET_ERROR_NOT_SUPPORTED.
 * A refused field gives GUICHET_ERROR_VALIDATION carrying field -> messages. */
/* Creates @discount (its id is ignored); returns the discount as the platform stored it. */
void        guichet_provider_create_discount_async (GuichetProvider      *self,
                                                    GuichetDiscount      *discount,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
GuichetDiscount *guichet_provider_create_discount_finish (GuichetProvider      *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);
/* Saves @discount (by its id); returns it as the platform stored it. */
void        guichet_provider_update_discount_async (GuichetProvider      *self,
                                                    GuichetDiscount      *discount,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
GuichetDiscount *guichet_provider_update_discount_finish (GuichetProvider      *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);
void        guichet_provider_delete_discount_async (GuichetProvider      *self,
                                                    const char           *discount_id,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean    guichet_provider_delete_discount_finish (GuichetProvider      *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
void        guichet_provider_get_discount_async (GuichetProvider      *self,
                                                 const char           *discount_id,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
GuichetDiscount *guichet_provider_get_discount_finish (GuichetProvider      *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
void        guichet_provider_create_voucher_async (GuichetProvider      *self,
                                                   GuichetVoucher       *voucher,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GuichetVoucher *guichet_provider_create_voucher_finish (GuichetProvider      *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
void        guichet_provider_update_voucher_async (GuichetProvider      *self,
                                                   GuichetVoucher       *voucher,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GuichetVoucher *guichet_provider_update_voucher_finish (GuichetProvider      *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
void        guichet_provider_delete_voucher_async (GuichetProvider      *self,
                                                   const char           *voucher_id,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean    guichet_provider_delete_voucher_finish (GuichetProvider      *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
void        guichet_provider_get_voucher_async (GuichetProvider      *self,
                                                const char           *voucher_id,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
GuichetVoucher *guichet_provider_get_voucher_finish (GuichetProvider      *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
/* Returns GuichetVoucherCode objects. */
void        guichet_provider_list_voucher_codes_async (GuichetProvider      *self,
                                                       const char           *voucher_id,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
GPtrArray  *guichet_provider_list_voucher_codes_finish (GuichetProvider      *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
void        guichet_provider_void_voucher_code_async (GuichetProvider      *self,
                                                      const char           *voucher_id,
                                                      const char           *code_id,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean    guichet_provider_void_voucher_code_finish (GuichetProvider      *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
/* Issues one ticket of @ticket_type_id to @holder (copied before returning); returns the new participant. */
void        guichet_provider_issue_ticket_async (GuichetProvider      *self,
                                                 const char           *event_id,
                                                 const char           *ticket_type_id,
                                                 const GuichetTicketHolder *holder,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
GuichetParticipant *guichet_provider_issue_ticket_finish (GuichetProvider      *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);
void        guichet_provider_void_ticket_async (GuichetProvider      *self,
                                                const char           *ticket_id,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean    guichet_provider_void_ticket_finish (GuichetProvider      *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

/* Asks the platform for the tickets holding @code (a scan the door's
 * cache missed: a ticket sold after the last sync). Returns
 * GuichetParticipant objects, an empty array when the platform knows no
 * such code; GUICHET_ERROR_NOT_SUPPORTED when it has no such look-up. The
 * door gives it a deadline through @cancellable. */
void        guichet_provider_find_code_async        (GuichetProvider      *self,
                                                     const char           *code,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
GPtrArray  *guichet_provider_find_code_finish       (GuichetProvider      *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* Asks the platform whether it already holds the check-in @check_in
 * pushes (an earlier push whose reply was lost, or whose process was
 * killed before it journaled the reply): *found is TRUE when the ticket
 * is checked in there by this admission, FALSE when it is not (a check-in
 * made elsewhere is not "found": pushing it meets the refusal). Returns
 * FALSE with @error when the question could not be answered;
 * GUICHET_ERROR_NOT_SUPPORTED when the platform has no such look-up. */
void        guichet_provider_find_check_in_async    (GuichetProvider      *self,
                                                     GuichetCheckIn       *check_in,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean    guichet_provider_find_check_in_finish   (GuichetProvider      *self,
                                                     GAsyncResult         *result,
                                                     gboolean             *found,
                                                     GError              **error);

G_END_DECLS
