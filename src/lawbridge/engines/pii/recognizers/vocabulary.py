"""Context and veto words shared by several recognisers (lower-case, Chinese and English)."""

from __future__ import annotations

from lawbridge.engines.pii.base import words

#: Words that say a number is NOT personal: orders, parcels, invoices, products, versions, money.
REFERENCE_VETO = words(
    "订单", "订单号", "单号", "运单", "运单号", "快递单号", "物流单号", "发票", "发票号", "流水号",
    "交易号", "交易单号", "编号", "工单", "工单号", "批次", "批号", "型号", "货号", "商品编码", "条码",
    "版本", "版本号", "序列号", "金额", "价格", "合同号", "票号", "ticket", "order", "order no",
    "order number", "order #", "order id", "tracking", "tracking number", "tracking no", "waybill",
    "invoice", "invoice no", "invoice number", "sku", "product code", "part no", "part number",
    "model", "serial", "serial number", "batch", "lot", "version", "ver", "build", "release",
    "amount", "price", "total", "transaction id", "reference", "ref", "case no", "timestamp",
    "confirmation", "confirmation number", "confirmation no", "order #", "customer id", "member id",
    "会员号", "会员账号", "交易流水号", "确认号", "rechnungsnummer", "bestellnummer", "sendungsnummer",
    "auftragsnummer", "numéro de commande", "numero d'ordine", "bestelnummer", "pedido", "balance",
    "余额",
)  # fmt: skip
