import { afterAll, describe, expect, test } from 'bun:test';
import { extractGeneric } from '../../../src/core/extract/rules.ts';
import { fillSchema, mapProperty, validate } from '../../../src/core/extract/schema.ts';
import { startTestServer } from '../../helpers/server.ts';
import { fixtures } from './helpers.ts';

const doc = fixtures().find((f) => f.truth.documentType === 'tax_invoice') ?? (fixtures()[0] as never);
const generic = extractGeneric(doc.digital);
const t = doc.truth;

describe('property names map to generic fields', () => {
  test.each([
    ['invoiceNumber', 'documentNumber'],
    ['InvoiceId', 'documentNumber'],
    ['document_number', 'documentNumber'],
    ['totalAmount', 'total'],
    ['InvoiceTotal', 'total'],
    ['grand_total', 'total'],
    ['SubTotal', 'subtotal'],
    ['TotalTax', 'vat'],
    ['vatAmount', 'vat'],
    ['vendor', 'sellerName'],
    ['VendorName', 'sellerName'],
    ['seller', 'sellerName'],
    ['VendorTaxId', 'sellerTaxId'],
    ['CustomerName', 'buyerName'],
    ['customer_address', 'buyerAddress'],
    ['InvoiceDate', 'issueDate'],
    ['DueDate', 'dueDate'],
    ['lineItems', 'lineItems'],
    ['Items', 'lineItems'],
    ['currency', 'currency'],
    ['เลขที่ใบกำกับภาษี', 'documentNumber'],
  ])('%s -> %s', (name, field) => {
    expect(mapProperty(name)).toBe(field as never);
  });

  test('descriptions help when the name says nothing', () => {
    expect(mapProperty('f1', 'The buyer tax identification number')).toBe('buyerTaxId');
    expect(mapProperty('x', 'Total amount including VAT')).toBe('total');
  });
});

describe('filling schemas', () => {
  test('an Ocriva-like template (flat properties, lineItems array)', () => {
    const template = {
      type: 'object',
      properties: {
        invoiceNumber: { type: 'string' },
        invoiceDate: { type: 'string', description: 'Issue date' },
        vendor: { type: 'string' },
        customer: { type: 'string' },
        totalAmount: { type: 'number' },
        lineItems: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              description: { type: 'string' },
              quantity: { type: 'number' },
              unitPrice: { type: 'number' },
              amount: { type: 'number' },
            },
          },
        },
        paymentTerms: { type: 'string' },
      },
    };
    const r = fillSchema(generic, template);
    expect(r.data).toEqual({
      invoiceNumber: t.documentNumber,
      invoiceDate: t.issueDate,
      vendor: expect.any(String),
      customer: expect.any(String),
      totalAmount: t.total,
      lineItems: t.lineItems,
      paymentTerms: null,
    });
    expect(r.validation).toEqual({ valid: true, errors: [] });
    expect(r.fields.totalAmount).toMatchObject({ value: t.total, page: 1 });
    expect(r.fields.invoiceNumber?.bbox).toHaveLength(4);
  });

  test('a DocRouter draft-7 schema (nested objects, required, nullable, strict)', () => {
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      additionalProperties: false,
      required: ['document_number', 'seller', 'total', 'po_reference'],
      properties: {
        document_number: { type: 'string' },
        issue_date: { type: 'string', format: 'date' },
        seller: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'tax_id'],
          properties: { name: { type: 'string' }, tax_id: { type: 'string', pattern: '^\\d{13}$' } },
        },
        buyer: { type: 'object', properties: { tax_id: { type: ['string', 'null'] } } },
        total: { type: 'number' },
        po_reference: { type: ['string', 'null'] },
      },
    };
    const r = fillSchema(generic, schema);
    expect(r.data).toMatchObject({
      document_number: t.documentNumber,
      issue_date: t.issueDate,
      seller: { tax_id: t.seller.taxId },
      buyer: { tax_id: t.buyer.taxId },
      total: t.total,
      po_reference: null,
    });
    expect(r.validation?.valid).toBe(true);
  });

  test('a Docflo-like type (Azure field names, currency and date types)', () => {
    const type = {
      type: 'object',
      properties: {
        InvoiceId: { type: 'string' },
        InvoiceDate: { type: 'date' },
        VendorName: { type: 'string' },
        VendorTaxId: { type: 'string' },
        CustomerName: { type: 'string' },
        SubTotal: { type: 'currency' },
        TotalTax: { type: 'currency' },
        InvoiceTotal: { type: 'currency' },
        Items: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              Description: { type: 'string' },
              Quantity: { type: 'number' },
              Amount: { type: 'currency' },
            },
          },
        },
      },
    };
    const r = fillSchema(generic, type);
    expect(r.data).toMatchObject({
      InvoiceId: t.documentNumber,
      InvoiceDate: t.issueDate,
      VendorTaxId: t.seller.taxId,
      SubTotal: { amount: t.subtotal, currencyCode: 'THB' },
      TotalTax: { amount: t.vat, currencyCode: 'THB' },
      InvoiceTotal: { amount: t.total, currencyCode: 'THB' },
    });
    expect((r.data.Items as unknown[]).length).toBe(t.lineItems.length);
    expect((r.data.Items as { Amount: unknown }[])[0]?.Amount).toEqual({
      amount: t.lineItems[0]?.amount,
      currencyCode: 'THB',
    });
    expect(r.validation?.valid).toBe(true);
  });

  test('every property of the schema is present, null when not found; only a required one fails validation', () => {
    const schema = {
      type: 'object',
      required: ['invoiceNumber'],
      properties: {
        invoiceNumber: { type: 'string' },
        purchaseOrderRef: { type: 'string' },
        bank: {
          type: 'object',
          properties: { accountNumber: { type: 'string' }, swift: { type: 'string' } },
        },
      },
    };
    const found = fillSchema(generic, schema);
    expect(found.data).toEqual({
      invoiceNumber: t.documentNumber,
      purchaseOrderRef: null,
      bank: { accountNumber: null, swift: null },
    });
    expect(found.validation).toEqual({ valid: true, errors: [] });
    const empty = fillSchema(extractGeneric([]), schema);
    expect(empty.data).toEqual({
      invoiceNumber: null,
      purchaseOrderRef: null,
      bank: { accountNumber: null, swift: null },
    });
    expect(empty.validation?.valid).toBe(false);
    expect(empty.validation?.errors[0]?.path).toBe('/invoiceNumber');
  });

  test('validation reports what does not fit', () => {
    const v = validate(
      { type: 'object', required: ['a'], properties: { a: { type: 'number' } } },
      { a: 'x' },
    );
    expect(v.valid).toBe(false);
    expect(v.errors[0]?.path).toBe('/a');
  });
});

describe('optional LLM endpoint', () => {
  const calls: { model: string; messages: { content: string }[] }[] = [];
  const llm = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    async fetch(req) {
      const body = (await req.json()) as (typeof calls)[number];
      calls.push(body);
      const content = JSON.stringify({ paymentTerms: 'ชำระภายใน 30 วัน', invoiceNumber: 'SHOULD-NOT-WIN' });
      return Response.json({ choices: [{ message: { content } }] });
    },
  });
  afterAll(() => llm.stop(true));

  test('fills only what the rules left empty; rules still win; a dead endpoint changes nothing', async () => {
    const s = await startTestServer({
      jobs: false,
      config: (c) => {
        c.llm = { url: `http://127.0.0.1:${llm.port}/v1`, model: 'local-test', apiKey: 'k' };
      },
    });
    try {
      const schema = {
        type: 'object',
        properties: { invoiceNumber: { type: 'string' }, paymentTerms: { type: 'string' } },
      };
      const r = await s.services.extraction.extractPages(doc.digital, { schema });
      expect(r.data).toEqual({ invoiceNumber: t.documentNumber, paymentTerms: 'ชำระภายใน 30 วัน' });
      expect(r.fields.paymentTerms?.source).toBe('llm');
      expect(calls[0]?.model).toBe('local-test');
      expect(calls[0]?.messages[1]?.content).toContain('paymentTerms');
    } finally {
      await s.close();
    }
    const dead = await startTestServer({
      jobs: false,
      config: (c) => {
        c.llm = { url: 'http://127.0.0.1:9/v1', model: 'x' };
      },
    });
    try {
      const r = await dead.services.extraction.extractPages(doc.digital, {
        schema: {
          type: 'object',
          properties: { paymentTerms: { type: 'string' }, totalAmount: { type: 'number' } },
        },
      });
      expect(r.data).toEqual({ paymentTerms: null, totalAmount: t.total });
    } finally {
      await dead.close();
    }
  });
});
