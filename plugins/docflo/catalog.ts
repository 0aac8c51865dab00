/**
 * The 18 Docflo document types and their default field schemas. Field names follow the Azure AI
 * Document Intelligence prebuilt models that Docflo's examples match (InvoiceId, InvoiceTotal, Items...).
 */

/** Docflo's data types (docs.docflo.ai "Data Types"). */
export const DATA_TYPES = [
  'string',
  'boolean',
  'number',
  'currency',
  'date',
  'object',
  'array',
  'address',
  'prompt',
  'country',
  'list',
  'dynamic_list',
] as const;
export type DataType = (typeof DATA_TYPES)[number];

/** One field of a document type. `fields` holds the sub-fields of `object` and `array` fields. */
export interface FieldDef {
  name: string;
  type: DataType;
  visible: boolean;
  extractionMethod: string;
  extractionSettings: Record<string, unknown>;
  description?: string;
  fields?: FieldDef[];
}

/** A document type's configuration as `GET /docs/v1/types/{type}` shows it. */
export interface TypeConfig {
  type: string;
  name: string;
  description: string;
  enabled: boolean;
  fields: FieldDef[];
}

/** Which fields answer "how much", "when" and "from whom" for the AI assistant. */
export interface TypeRoles {
  amount?: string;
  date?: string;
  party?: string;
}

const field = (name: string, type: DataType, description?: string, fields?: FieldDef[]): FieldDef => ({
  name,
  type,
  visible: true,
  extractionMethod: 'ai',
  extractionSettings: {},
  ...(description ? { description } : {}),
  ...(fields ? { fields } : {}),
});
const str = (name: string, d?: string) => field(name, 'string', d);
const num = (name: string, d?: string) => field(name, 'number', d);
const money = (name: string, d?: string) => field(name, 'currency', d);
const date = (name: string, d?: string) => field(name, 'date', d);
const addr = (name: string, d?: string) => field(name, 'address', d);
const list = (name: string, d: string, sub: FieldDef[]) => field(name, 'array', d, sub);

const lineItems = (extra: FieldDef[] = []) =>
  list('Items', 'Line items (รายการสินค้า)', [
    str('Description', 'Item description (รายละเอียด)'),
    str('ProductCode'),
    num('Quantity', 'Quantity (จำนวน)'),
    str('Unit'),
    money('UnitPrice', 'Unit price (ราคาต่อหน่วย)'),
    ...extra,
    money('Amount', 'Line amount (จำนวนเงิน)'),
  ]);

const invoiceCore = [
  str('InvoiceId', 'Invoice number (เลขที่ใบแจ้งหนี้ / ใบกำกับภาษี)'),
  date('InvoiceDate', 'Issue date (วันที่)'),
  date('DueDate', 'Payment due date (วันครบกำหนดชำระ)'),
  str('PurchaseOrder', 'Purchase order reference'),
  str('VendorName', 'Seller name (ผู้ขาย)'),
  str('VendorTaxId', 'Seller tax id (เลขประจำตัวผู้เสียภาษี)'),
  addr('VendorAddress'),
  str('CustomerName', 'Buyer name (ผู้ซื้อ / ลูกค้า)'),
  str('CustomerTaxId'),
  addr('CustomerAddress'),
];
const invoiceTotals = [
  money('SubTotal', 'Amount before tax (รวมเงิน)'),
  money('TotalDiscount'),
  money('TotalTax', 'VAT (ภาษีมูลค่าเพิ่ม)'),
  money('InvoiceTotal', 'Grand total (จำนวนเงินรวมทั้งสิ้น)'),
  money('AmountDue'),
  str('PaymentTerm'),
];

const statementTransactions = (amountName: string) =>
  list('Transactions', 'Statement lines', [
    date('Date'),
    str('Description'),
    money(amountName),
    money('Balance'),
  ]);

interface TypeSeed {
  type: string;
  name: string;
  description: string;
  fields: FieldDef[];
  roles: TypeRoles;
}

const TYPES: TypeSeed[] = [
  {
    type: 'invoice',
    name: 'Invoice',
    description: 'Standard business invoices',
    fields: [...invoiceCore, ...invoiceTotals, lineItems()],
    roles: { amount: 'InvoiceTotal', date: 'InvoiceDate', party: 'VendorName' },
  },
  {
    type: 'receipt',
    name: 'Receipt',
    description: 'Purchase receipts',
    fields: [
      str('ReceiptId', 'Receipt number (เลขที่ใบเสร็จ)'),
      str('MerchantName', 'Merchant (ร้านค้า / ผู้ขาย)'),
      str('MerchantTaxId'),
      addr('MerchantAddress'),
      str('MerchantPhoneNumber'),
      date('TransactionDate', 'Date of purchase'),
      str('TransactionTime'),
      money('Subtotal'),
      money('TotalTax'),
      money('Tip'),
      money('Total', 'Amount paid (ยอดชำระ)'),
      list('Items', 'Purchased items', [
        str('Description'),
        num('Quantity'),
        money('Price'),
        money('TotalPrice'),
      ]),
    ],
    roles: { amount: 'Total', date: 'TransactionDate', party: 'MerchantName' },
  },
  {
    type: 'contract',
    name: 'Contract',
    description: 'Legal contracts and agreements',
    fields: [
      str('Title'),
      str('ContractId'),
      list('Parties', 'Parties to the contract', [str('Name'), addr('Address'), str('ReferenceName')]),
      date('ExecutionDate'),
      date('EffectiveDate'),
      date('ExpirationDate'),
      str('ContractDuration'),
      date('RenewalDate'),
      money('ContractValue'),
      list('Jurisdictions', 'Governing law', [str('Region'), str('Clause')]),
    ],
    roles: { amount: 'ContractValue', date: 'EffectiveDate' },
  },
  {
    type: 'payStub',
    name: 'Pay stub',
    description: 'Employee pay stubs',
    fields: [
      str('EmployeeName'),
      str('EmployeeId'),
      addr('EmployeeAddress'),
      str('EmployerName'),
      addr('EmployerAddress'),
      date('PayDate'),
      date('PayPeriodStartDate'),
      date('PayPeriodEndDate'),
      money('CurrentPeriodGrossPay'),
      money('CurrentPeriodNetPay'),
      money('YearToDateGrossPay'),
      money('YearToDateNetPay'),
      list('Earnings', 'Earnings lines', [str('Type'), num('Rate'), num('Hours'), money('CurrentPeriod')]),
      list('Deductions', 'Deduction lines', [str('Type'), money('CurrentPeriod'), money('YearToDate')]),
    ],
    roles: { amount: 'CurrentPeriodNetPay', date: 'PayDate', party: 'EmployerName' },
  },
  {
    type: 'unclassified',
    name: 'Unclassified',
    description: 'Documents without specific classification',
    fields: [str('Title'), date('DocumentDate'), str('Sender'), str('Recipient'), field('Summary', 'prompt')],
    roles: { date: 'DocumentDate', party: 'Sender' },
  },
  {
    type: 'carLicense',
    name: 'Car license',
    description: 'Vehicle license documents',
    fields: [
      str('LicensePlate', 'Plate number (เลขทะเบียน)'),
      str('RegistrationNumber'),
      str('OwnerName'),
      addr('OwnerAddress'),
      str('Make'),
      str('Model'),
      num('Year'),
      str('Color'),
      str('VehicleIdentificationNumber'),
      str('EngineNumber'),
      date('RegistrationDate'),
      date('ExpirationDate'),
    ],
    roles: { date: 'RegistrationDate', party: 'OwnerName' },
  },
  {
    type: 'idDocument',
    name: 'ID document',
    description: 'Identity documents',
    fields: [
      str('DocumentNumber', 'ID number (เลขประจำตัวประชาชน)'),
      str('FirstName'),
      str('LastName'),
      date('DateOfBirth'),
      date('DateOfIssue'),
      date('DateOfExpiration'),
      str('Sex'),
      addr('Address'),
      field('Nationality', 'country'),
      field('CountryRegion', 'country'),
      str('PlaceOfBirth'),
    ],
    roles: { date: 'DateOfIssue', party: 'LastName' },
  },
  {
    type: 'check',
    name: 'Check',
    description: 'Bank checks',
    fields: [
      str('CheckNumber'),
      date('CheckDate'),
      str('PayTo'),
      str('PayerName'),
      addr('PayerAddress'),
      str('BankName'),
      money('NumberAmount'),
      str('WordAmount'),
      field('MICR', 'object', 'Machine-readable line', [
        str('RoutingNumber'),
        str('AccountNumber'),
        str('CheckNumber'),
      ]),
      str('Memo'),
      field('PayerSignature', 'boolean'),
    ],
    roles: { amount: 'NumberAmount', date: 'CheckDate', party: 'PayerName' },
  },
  {
    type: 'bankStatement',
    name: 'Bank statement',
    description: 'Bank account statements',
    fields: [
      str('BankName'),
      str('AccountHolderName'),
      addr('AccountHolderAddress'),
      str('AccountNumber'),
      str('AccountType'),
      date('StatementStartDate'),
      date('StatementEndDate'),
      money('BeginningBalance'),
      money('EndingBalance'),
      money('TotalDeposits'),
      money('TotalWithdrawals'),
      statementTransactions('Amount'),
    ],
    roles: { amount: 'EndingBalance', date: 'StatementEndDate', party: 'BankName' },
  },
  {
    type: 'creditCard',
    name: 'Credit card',
    description: 'Credit card statements',
    fields: [
      str('CardHolderName'),
      str('CardNumber'),
      str('IssuingBank'),
      str('PaymentNetwork'),
      date('StatementDate'),
      date('PaymentDueDate'),
      money('TotalAmountDue'),
      money('MinimumPaymentDue'),
    ],
    roles: { amount: 'TotalAmountDue', date: 'StatementDate', party: 'IssuingBank' },
  },
  {
    type: 'incoInvoice4',
    name: 'Incoterms invoice',
    description: 'Specific invoice format',
    fields: [
      ...invoiceCore,
      str('Incoterms'),
      field('CountryOfOrigin', 'country'),
      str('PortOfLoading'),
      str('PortOfDischarge'),
      ...invoiceTotals,
      lineItems([str('HsCode')]),
    ],
    roles: { amount: 'InvoiceTotal', date: 'InvoiceDate', party: 'VendorName' },
  },
  {
    type: 'purchaseOrder',
    name: 'Purchase order',
    description: 'Purchase order documents',
    fields: [
      str('PurchaseOrderNumber', 'PO number (เลขที่ใบสั่งซื้อ)'),
      date('OrderDate'),
      date('DeliveryDate'),
      str('VendorName'),
      addr('VendorAddress'),
      str('CustomerName'),
      addr('ShippingAddress'),
      str('PaymentTerm'),
      money('SubTotal'),
      money('TotalTax'),
      money('Total', 'Order total'),
      lineItems(),
    ],
    roles: { amount: 'Total', date: 'OrderDate', party: 'VendorName' },
  },
  {
    type: 'financialReportIL',
    name: 'Financial report (Israel)',
    description: 'Israeli financial reports',
    fields: [
      str('CompanyName'),
      str('CompanyId'),
      date('ReportPeriodStart'),
      date('ReportPeriodEnd'),
      money('Revenue'),
      money('GrossProfit'),
      money('OperatingProfit'),
      money('NetProfit'),
      money('TotalAssets'),
      money('TotalLiabilities'),
      money('Equity'),
    ],
    roles: { amount: 'Revenue', date: 'ReportPeriodEnd', party: 'CompanyName' },
  },
  {
    type: 'bankStatement.us',
    name: 'Bank statement (US)',
    description: 'US bank statements',
    fields: [
      str('BankName'),
      str('AccountHolderName'),
      addr('AccountHolderAddress'),
      str('AccountNumber'),
      str('RoutingNumber'),
      date('StatementStartDate'),
      date('StatementEndDate'),
      money('BeginningBalance'),
      money('EndingBalance'),
      statementTransactions('Amount'),
    ],
    roles: { amount: 'EndingBalance', date: 'StatementEndDate', party: 'BankName' },
  },
  {
    type: 'freightInvoice',
    name: 'Freight invoice',
    description: 'Freight and shipping invoices',
    fields: [
      str('InvoiceId'),
      date('InvoiceDate'),
      date('DueDate'),
      str('CarrierName'),
      str('ShipperName'),
      str('ConsigneeName'),
      str('BillOfLadingNumber'),
      str('Origin'),
      str('Destination'),
      date('ShipmentDate'),
      num('Weight'),
      money('InvoiceTotal'),
      list('Charges', 'Freight charges', [str('Description'), money('Amount')]),
    ],
    roles: { amount: 'InvoiceTotal', date: 'InvoiceDate', party: 'CarrierName' },
  },
  {
    type: 'creditCardStatement',
    name: 'Credit card statement',
    description: 'Credit card account statements',
    fields: [
      str('CardHolderName'),
      str('AccountNumber'),
      str('IssuingBank'),
      date('StatementDate'),
      date('PaymentDueDate'),
      money('PreviousBalance'),
      money('NewBalance'),
      money('MinimumPaymentDue'),
      money('CreditLimit'),
      list('Transactions', 'Card transactions', [
        date('TransactionDate'),
        date('PostingDate'),
        str('Description'),
        money('Amount'),
      ]),
    ],
    roles: { amount: 'NewBalance', date: 'StatementDate', party: 'IssuingBank' },
  },
  {
    type: 'goodsReceipt',
    name: 'Goods receipt',
    description: 'Goods receipt documents',
    fields: [
      str('GoodsReceiptNumber'),
      date('ReceiptDate'),
      str('PurchaseOrderNumber'),
      str('VendorName'),
      str('ReceivedBy'),
      addr('WarehouseAddress'),
      str('DeliveryNoteNumber'),
      list('Items', 'Received items', [
        str('Description'),
        str('ProductCode'),
        num('QuantityOrdered'),
        num('QuantityReceived'),
        str('Unit'),
      ]),
    ],
    roles: { date: 'ReceiptDate', party: 'VendorName' },
  },
  {
    type: 'deliveryInvoice',
    name: 'Delivery invoice',
    description: 'Delivery invoices',
    fields: [
      str('InvoiceId'),
      date('InvoiceDate'),
      date('DeliveryDate'),
      str('DeliveryNoteNumber'),
      str('VendorName'),
      str('CustomerName'),
      addr('ShippingAddress'),
      money('DeliveryCharge'),
      money('InvoiceTotal'),
      lineItems(),
    ],
    roles: { amount: 'InvoiceTotal', date: 'InvoiceDate', party: 'VendorName' },
  },
];

const BY_TYPE = new Map(TYPES.map((t) => [t.type, t]));

/** Every type id, in the seed's order. */
export const TYPE_IDS: readonly string[] = TYPES.map((t) => t.type);

/** True for one of the 18 type ids (exact, case-sensitive like Docflo's ids). */
export function isDocType(type: string): boolean {
  return BY_TYPE.has(type);
}

/** A fresh copy of a type's default configuration (callers may mutate it). */
export function defaultTypeConfig(type: string): TypeConfig | undefined {
  const seed = BY_TYPE.get(type);
  if (!seed) return undefined;
  return structuredClone({
    type: seed.type,
    name: seed.name,
    description: seed.description,
    enabled: true,
    fields: seed.fields,
  });
}

/** The amount/date/party fields of a type. */
export function rolesOf(type: string): TypeRoles {
  return BY_TYPE.get(type)?.roles ?? {};
}

/** Core `docType` values (the extraction engine's detected kinds included) -> Docflo type. */
const FROM_CORE: Record<string, string> = {
  tax_invoice: 'invoice',
  purchase_order: 'purchaseOrder',
  quotation: 'unclassified',
  credit_note: 'unclassified',
  debit_note: 'unclassified',
  billing_note: 'invoice',
  delivery_note: 'deliveryInvoice',
  withholding_tax_certificate: 'unclassified',
  letter: 'unclassified',
};

/** The Docflo type of a document's core `docType`. */
export function docfloType(docType: string | null): string {
  if (!docType) return 'unclassified';
  if (BY_TYPE.has(docType)) return docType;
  return FROM_CORE[docType] ?? 'unclassified';
}

/** Core `docType` values that show as a Docflo type (for list filters). */
export function coreTypesOf(type: string): string[] {
  return [type, ...Object.entries(FROM_CORE).flatMap(([core, t]) => (t === type ? [core] : []))];
}
