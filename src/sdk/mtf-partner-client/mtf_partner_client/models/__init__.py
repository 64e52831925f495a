""" Contains all the data models used in inputs/outputs """

from .active_lines import ActiveLines
from .aging import Aging
from .aging_bucket import AgingBucket
from .allocation_out import AllocationOut
from .allocation_preview import AllocationPreview
from .allocation_v1 import AllocationV1
from .analytics_summary import AnalyticsSummary
from .api_key_create import ApiKeyCreate
from .api_key_create_scopes_item import ApiKeyCreateScopesItem
from .api_key_created import ApiKeyCreated
from .api_key_out import ApiKeyOut
from .api_key_page import ApiKeyPage
from .audit_event import AuditEvent
from .audit_event_payload import AuditEventPayload
from .audit_events_aggregate_type import AuditEventsAggregateType
from .audit_history import AuditHistory
from .audit_state import AuditState
from .audit_state_aggregate_type import AuditStateAggregateType
from .audit_state_state import AuditStateState
from .balance import Balance
from .bill_run_completed_v1 import BillRunCompletedV1
from .bill_run_create import BillRunCreate
from .bill_run_out import BillRunOut
from .bill_run_out_status import BillRunOutStatus
from .bill_run_page import BillRunPage
from .bill_run_progress import BillRunProgress
from .case_action import CaseAction
from .case_action_action import CaseActionAction
from .case_closed_v1 import CaseClosedV1
from .case_detail import CaseDetail
from .case_detail_status import CaseDetailStatus
from .case_opened_v1 import CaseOpenedV1
from .case_out import CaseOut
from .case_out_status import CaseOutStatus
from .case_page import CasePage
from .case_step_taken_v1 import CaseStepTakenV1
from .checkout_preview import CheckoutPreview
from .checkout_preview_outcome import CheckoutPreviewOutcome
from .checkout_request_body import CheckoutRequestBody
from .checkout_request_body_intent import CheckoutRequestBodyIntent
from .client_create import ClientCreate
from .client_create_kind_type_1 import ClientCreateKindType1
from .client_create_kind_type_2_type_1 import ClientCreateKindType2Type1
from .client_create_kind_type_3_type_1 import ClientCreateKindType3Type1
from .client_deletion import ClientDeletion
from .client_deletion_outcome import ClientDeletionOutcome
from .client_detail import ClientDetail
from .client_detail_kind import ClientDetailKind
from .client_detail_personal_data import ClientDetailPersonalData
from .client_detail_status import ClientDetailStatus
from .client_out import ClientOut
from .client_out_kind import ClientOutKind
from .client_out_personal_data import ClientOutPersonalData
from .client_out_status import ClientOutStatus
from .client_page import ClientPage
from .client_status_change import ClientStatusChange
from .client_status_change_status import ClientStatusChangeStatus
from .client_update import ClientUpdate
from .collections_run_create import CollectionsRunCreate
from .collections_run_out import CollectionsRunOut
from .contract_activated_v1 import ContractActivatedV1
from .contract_cancellation import ContractCancellation
from .contract_cancelled_v1 import ContractCancelledV1
from .contract_change_scheduled_v1 import ContractChangeScheduledV1
from .contract_created_v1 import ContractCreatedV1
from .contract_out import ContractOut
from .contract_out_service import ContractOutService
from .contract_out_status import ContractOutStatus
from .contract_page import ContractPage
from .contract_plan_change_scheduled_v1 import ContractPlanChangeScheduledV1
from .contract_resumed_v1 import ContractResumedV1
from .contract_scheduled_change_cancelled_v1 import ContractScheduledChangeCancelledV1
from .contract_superseded_v1 import ContractSupersededV1
from .contract_suspended_v1 import ContractSuspendedV1
from .contract_terminated_v1 import ContractTerminatedV1
from .contract_transition import ContractTransition
from .credit_note_create import CreditNoteCreate
from .credit_note_issued_v1 import CreditNoteIssuedV1
from .credit_note_line_v1 import CreditNoteLineV1
from .credit_note_out import CreditNoteOut
from .delivery_out import DeliveryOut
from .delivery_out_payload import DeliveryOutPayload
from .delivery_page import DeliveryPage
from .error_sample import ErrorSample
from .export_aging_bucket_type_1 import ExportAgingBucketType1
from .export_aging_bucket_type_2_type_1 import ExportAgingBucketType2Type1
from .export_aging_bucket_type_3_type_1 import ExportAgingBucketType3Type1
from .export_invoices_status_type_1 import ExportInvoicesStatusType1
from .export_invoices_status_type_2_type_1 import ExportInvoicesStatusType2Type1
from .export_invoices_status_type_3_type_1 import ExportInvoicesStatusType3Type1
from .gateway_liveness_response_200 import GatewayLivenessResponse200
from .gateway_liveness_response_503 import GatewayLivenessResponse503
from .gateway_readiness_response_200 import GatewayReadinessResponse200
from .gateway_readiness_response_503 import GatewayReadinessResponse503
from .import_statement_files_body import ImportStatementFilesBody
from .invoice_issued_v1 import InvoiceIssuedV1
from .invoice_line_out import InvoiceLineOut
from .invoice_line_v1 import InvoiceLineV1
from .invoice_out import InvoiceOut
from .invoice_out_status import InvoiceOutStatus
from .invoice_page import InvoicePage
from .journal_break import JournalBreak
from .journal_break_reason import JournalBreakReason
from .journal_head import JournalHead
from .journal_verification_out import JournalVerificationOut
from .kept_head import KeptHead
from .list_clients_kind_type_1 import ListClientsKindType1
from .list_clients_kind_type_2_type_1 import ListClientsKindType2Type1
from .list_clients_kind_type_3_type_1 import ListClientsKindType3Type1
from .list_clients_status_type_1 import ListClientsStatusType1
from .list_clients_status_type_2_type_1 import ListClientsStatusType2Type1
from .list_clients_status_type_3_type_1 import ListClientsStatusType3Type1
from .list_contracts_service_type_1 import ListContractsServiceType1
from .list_contracts_service_type_2_type_1 import ListContractsServiceType2Type1
from .list_contracts_service_type_3_type_1 import ListContractsServiceType3Type1
from .list_contracts_status_type_1 import ListContractsStatusType1
from .list_contracts_status_type_2_type_1 import ListContractsStatusType2Type1
from .list_contracts_status_type_3_type_1 import ListContractsStatusType3Type1
from .list_invoices_status_type_1 import ListInvoicesStatusType1
from .list_invoices_status_type_2_type_1 import ListInvoicesStatusType2Type1
from .list_invoices_status_type_3_type_1 import ListInvoicesStatusType3Type1
from .list_offers_service_type_1 import ListOffersServiceType1
from .list_offers_service_type_2_type_1 import ListOffersServiceType2Type1
from .list_offers_service_type_3_type_1 import ListOffersServiceType3Type1
from .list_offers_status_type_1 import ListOffersStatusType1
from .list_offers_status_type_2_type_1 import ListOffersStatusType2Type1
from .list_offers_status_type_3_type_1 import ListOffersStatusType3Type1
from .list_runs_status_type_1 import ListRunsStatusType1
from .list_runs_status_type_2_type_1 import ListRunsStatusType2Type1
from .list_runs_status_type_3_type_1 import ListRunsStatusType3Type1
from .list_subscribers_service_type_1 import ListSubscribersServiceType1
from .list_subscribers_service_type_2_type_1 import ListSubscribersServiceType2Type1
from .list_subscribers_service_type_3_type_1 import ListSubscribersServiceType3Type1
from .list_subscribers_status_type_1 import ListSubscribersStatusType1
from .list_subscribers_status_type_2_type_1 import ListSubscribersStatusType2Type1
from .list_subscribers_status_type_3_type_1 import ListSubscribersStatusType3Type1
from .masked_client import MaskedClient
from .me import Me
from .mrr_by_service import MrrByService
from .new_client import NewClient
from .new_client_kind_type_1 import NewClientKindType1
from .new_client_kind_type_2_type_1 import NewClientKindType2Type1
from .new_client_kind_type_3_type_1 import NewClientKindType3Type1
from .offer_create import OfferCreate
from .offer_create_commitment_months import OfferCreateCommitmentMonths
from .offer_create_components import OfferCreateComponents
from .offer_create_service import OfferCreateService
from .offer_detail import OfferDetail
from .offer_detail_components import OfferDetailComponents
from .offer_detail_service import OfferDetailService
from .offer_detail_status import OfferDetailStatus
from .offer_out import OfferOut
from .offer_out_components import OfferOutComponents
from .offer_out_service import OfferOutService
from .offer_out_status import OfferOutStatus
from .offer_page import OfferPage
from .offer_revision import OfferRevision
from .offer_revision_commitment_months import OfferRevisionCommitmentMonths
from .offer_revision_components_type_0 import OfferRevisionComponentsType0
from .offer_version_out import OfferVersionOut
from .offer_version_out_components import OfferVersionOutComponents
from .order_completed_v1 import OrderCompletedV1
from .order_out import OrderOut
from .order_out_status import OrderOutStatus
from .payment_create import PaymentCreate
from .payment_create_method import PaymentCreateMethod
from .payment_credit_applied_v1 import PaymentCreditAppliedV1
from .payment_credit_returned_v1 import PaymentCreditReturnedV1
from .payment_out import PaymentOut
from .payment_out_method import PaymentOutMethod
from .payment_out_status import PaymentOutStatus
from .payment_page import PaymentPage
from .payment_posted_v1 import PaymentPostedV1
from .payment_reversal import PaymentReversal
from .payment_reversed_v1 import PaymentReversedV1
from .problem import Problem
from .problem_candidate_lines_item import ProblemCandidateLinesItem
from .problem_errors_item import ProblemErrorsItem
from .receivable import Receivable
from .receivable_page import ReceivablePage
from .replay import Replay
from .replay_out import ReplayOut
from .revenue_month import RevenueMonth
from .revenue_out import RevenueOut
from .scheduled_change import ScheduledChange
from .scheduled_change_action import ScheduledChangeAction
from .self_service_contract import SelfServiceContract
from .self_service_contracts import SelfServiceContracts
from .self_service_invoice import SelfServiceInvoice
from .self_service_invoices import SelfServiceInvoices
from .self_service_new_client import SelfServiceNewClient
from .self_service_offer import SelfServiceOffer
from .self_service_offer_components import SelfServiceOfferComponents
from .self_service_offers import SelfServiceOffers
from .self_service_order import SelfServiceOrder
from .self_service_order_intent import SelfServiceOrderIntent
from .session_out import SessionOut
from .session_request import SessionRequest
from .statement_assignment import StatementAssignment
from .statement_confirm import StatementConfirm
from .statement_confirmed import StatementConfirmed
from .statement_counts import StatementCounts
from .statement_import_out import StatementImportOut
from .statement_import_out_format import StatementImportOutFormat
from .statement_import_out_status import StatementImportOutStatus
from .statement_line_out import StatementLineOut
from .statement_line_out_outcome_type_1 import StatementLineOutOutcomeType1
from .statement_line_out_outcome_type_2_type_1 import StatementLineOutOutcomeType2Type1
from .statement_line_out_outcome_type_3_type_1 import StatementLineOutOutcomeType3Type1
from .statement_line_out_state import StatementLineOutState
from .subscriber_out import SubscriberOut
from .subscriber_out_service import SubscriberOutService
from .subscriber_out_status import SubscriberOutStatus
from .subscriber_page import SubscriberPage
from .subscription_create import SubscriptionCreate
from .subscription_create_event_types_item import SubscriptionCreateEventTypesItem
from .subscription_created import SubscriptionCreated
from .subscription_out import SubscriptionOut
from .subscription_page import SubscriptionPage
from .timeline_entry import TimelineEntry
from .token_request import TokenRequest
from .token_response import TokenResponse

__all__ = (
    "ActiveLines",
    "Aging",
    "AgingBucket",
    "AllocationOut",
    "AllocationPreview",
    "AllocationV1",
    "AnalyticsSummary",
    "ApiKeyCreate",
    "ApiKeyCreated",
    "ApiKeyCreateScopesItem",
    "ApiKeyOut",
    "ApiKeyPage",
    "AuditEvent",
    "AuditEventPayload",
    "AuditEventsAggregateType",
    "AuditHistory",
    "AuditState",
    "AuditStateAggregateType",
    "AuditStateState",
    "Balance",
    "BillRunCompletedV1",
    "BillRunCreate",
    "BillRunOut",
    "BillRunOutStatus",
    "BillRunPage",
    "BillRunProgress",
    "CaseAction",
    "CaseActionAction",
    "CaseClosedV1",
    "CaseDetail",
    "CaseDetailStatus",
    "CaseOpenedV1",
    "CaseOut",
    "CaseOutStatus",
    "CasePage",
    "CaseStepTakenV1",
    "CheckoutPreview",
    "CheckoutPreviewOutcome",
    "CheckoutRequestBody",
    "CheckoutRequestBodyIntent",
    "ClientCreate",
    "ClientCreateKindType1",
    "ClientCreateKindType2Type1",
    "ClientCreateKindType3Type1",
    "ClientDeletion",
    "ClientDeletionOutcome",
    "ClientDetail",
    "ClientDetailKind",
    "ClientDetailPersonalData",
    "ClientDetailStatus",
    "ClientOut",
    "ClientOutKind",
    "ClientOutPersonalData",
    "ClientOutStatus",
    "ClientPage",
    "ClientStatusChange",
    "ClientStatusChangeStatus",
    "ClientUpdate",
    "CollectionsRunCreate",
    "CollectionsRunOut",
    "ContractActivatedV1",
    "ContractCancellation",
    "ContractCancelledV1",
    "ContractChangeScheduledV1",
    "ContractCreatedV1",
    "ContractOut",
    "ContractOutService",
    "ContractOutStatus",
    "ContractPage",
    "ContractPlanChangeScheduledV1",
    "ContractResumedV1",
    "ContractScheduledChangeCancelledV1",
    "ContractSupersededV1",
    "ContractSuspendedV1",
    "ContractTerminatedV1",
    "ContractTransition",
    "CreditNoteCreate",
    "CreditNoteIssuedV1",
    "CreditNoteLineV1",
    "CreditNoteOut",
    "DeliveryOut",
    "DeliveryOutPayload",
    "DeliveryPage",
    "ErrorSample",
    "ExportAgingBucketType1",
    "ExportAgingBucketType2Type1",
    "ExportAgingBucketType3Type1",
    "ExportInvoicesStatusType1",
    "ExportInvoicesStatusType2Type1",
    "ExportInvoicesStatusType3Type1",
    "GatewayLivenessResponse200",
    "GatewayLivenessResponse503",
    "GatewayReadinessResponse200",
    "GatewayReadinessResponse503",
    "ImportStatementFilesBody",
    "InvoiceIssuedV1",
    "InvoiceLineOut",
    "InvoiceLineV1",
    "InvoiceOut",
    "InvoiceOutStatus",
    "InvoicePage",
    "JournalBreak",
    "JournalBreakReason",
    "JournalHead",
    "JournalVerificationOut",
    "KeptHead",
    "ListClientsKindType1",
    "ListClientsKindType2Type1",
    "ListClientsKindType3Type1",
    "ListClientsStatusType1",
    "ListClientsStatusType2Type1",
    "ListClientsStatusType3Type1",
    "ListContractsServiceType1",
    "ListContractsServiceType2Type1",
    "ListContractsServiceType3Type1",
    "ListContractsStatusType1",
    "ListContractsStatusType2Type1",
    "ListContractsStatusType3Type1",
    "ListInvoicesStatusType1",
    "ListInvoicesStatusType2Type1",
    "ListInvoicesStatusType3Type1",
    "ListOffersServiceType1",
    "ListOffersServiceType2Type1",
    "ListOffersServiceType3Type1",
    "ListOffersStatusType1",
    "ListOffersStatusType2Type1",
    "ListOffersStatusType3Type1",
    "ListRunsStatusType1",
    "ListRunsStatusType2Type1",
    "ListRunsStatusType3Type1",
    "ListSubscribersServiceType1",
    "ListSubscribersServiceType2Type1",
    "ListSubscribersServiceType3Type1",
    "ListSubscribersStatusType1",
    "ListSubscribersStatusType2Type1",
    "ListSubscribersStatusType3Type1",
    "MaskedClient",
    "Me",
    "MrrByService",
    "NewClient",
    "NewClientKindType1",
    "NewClientKindType2Type1",
    "NewClientKindType3Type1",
    "OfferCreate",
    "OfferCreateCommitmentMonths",
    "OfferCreateComponents",
    "OfferCreateService",
    "OfferDetail",
    "OfferDetailComponents",
    "OfferDetailService",
    "OfferDetailStatus",
    "OfferOut",
    "OfferOutComponents",
    "OfferOutService",
    "OfferOutStatus",
    "OfferPage",
    "OfferRevision",
    "OfferRevisionCommitmentMonths",
    "OfferRevisionComponentsType0",
    "OfferVersionOut",
    "OfferVersionOutComponents",
    "OrderCompletedV1",
    "OrderOut",
    "OrderOutStatus",
    "PaymentCreate",
    "PaymentCreateMethod",
    "PaymentCreditAppliedV1",
    "PaymentCreditReturnedV1",
    "PaymentOut",
    "PaymentOutMethod",
    "PaymentOutStatus",
    "PaymentPage",
    "PaymentPostedV1",
    "PaymentReversal",
    "PaymentReversedV1",
    "Problem",
    "ProblemCandidateLinesItem",
    "ProblemErrorsItem",
    "Receivable",
    "ReceivablePage",
    "Replay",
    "ReplayOut",
    "RevenueMonth",
    "RevenueOut",
    "ScheduledChange",
    "ScheduledChangeAction",
    "SelfServiceContract",
    "SelfServiceContracts",
    "SelfServiceInvoice",
    "SelfServiceInvoices",
    "SelfServiceNewClient",
    "SelfServiceOffer",
    "SelfServiceOfferComponents",
    "SelfServiceOffers",
    "SelfServiceOrder",
    "SelfServiceOrderIntent",
    "SessionOut",
    "SessionRequest",
    "StatementAssignment",
    "StatementConfirm",
    "StatementConfirmed",
    "StatementCounts",
    "StatementImportOut",
    "StatementImportOutFormat",
    "StatementImportOutStatus",
    "StatementLineOut",
    "StatementLineOutOutcomeType1",
    "StatementLineOutOutcomeType2Type1",
    "StatementLineOutOutcomeType3Type1",
    "StatementLineOutState",
    "SubscriberOut",
    "SubscriberOutService",
    "SubscriberOutStatus",
    "SubscriberPage",
    "SubscriptionCreate",
    "SubscriptionCreated",
    "SubscriptionCreateEventTypesItem",
    "SubscriptionOut",
    "SubscriptionPage",
    "TimelineEntry",
    "TokenRequest",
    "TokenResponse",
)
