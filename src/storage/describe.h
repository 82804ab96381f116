// The public value types' members, for the codec (storage/codec.h): what a
// log record or snapshot holds of each. A member left out here would be
// lost on recovery, so each description is guarded by the type's size: a
// new member changes the size and stops the build here until it is listed
// (then update the size). Appending members keeps old logs readable only if
// the decoder learns the old layout, so the log format version goes up too.
// Owns: nothing but these lists. May call: Boost.Describe.
#ifndef INVENTORY_SRC_STORAGE_DESCRIBE_H_
#define INVENTORY_SRC_STORAGE_DESCRIBE_H_

#include "boost/describe/class.hpp"
#include "boost/describe/enum.hpp"
#include "inventory/catalog.h"
#include "inventory/documents.h"
#include "inventory/stock.h"

namespace inventory {

// Enumerations: the binary codec writes their values, the JSON export their
// names.
BOOST_DESCRIBE_ENUM(ItemType, kInventory, kSales, kPurchases, kSalesAndPurchases)
BOOST_DESCRIBE_ENUM(ProductType, kGoods, kService, kDigitalService)
BOOST_DESCRIBE_ENUM(Status, kActive, kInactive)
BOOST_DESCRIBE_ENUM(TaxSpecification, kIntra, kInter)
BOOST_DESCRIBE_ENUM(AdjustmentType, kQuantity, kValue)
BOOST_DESCRIBE_ENUM(TransferStatus, kDraft, kInTransit, kTransferred)
BOOST_DESCRIBE_ENUM(BundleStatus, kDraft, kConfirmed, kBuilt)
BOOST_DESCRIBE_ENUM(DocumentType, kSalesOrder, kInvoice, kPackage, kDeliveryChallan, kSalesReceipt, kSalesReturn,
                    kPurchaseOrder, kBill, kPurchaseReceive, kMoveOrder, kPutaway)
BOOST_DESCRIBE_ENUM(DocumentStatus, kDraft, kOpen, kInProgress, kShipped, kDelivered, kReceived, kCompleted,
                    kReturned, kVoid)

BOOST_DESCRIBE_STRUCT(CustomField, (), (customfield_id, api_name, label, value))
BOOST_DESCRIBE_STRUCT(TaxPreference, (), (tax_id, tax_specification))
BOOST_DESCRIBE_STRUCT(ItemDetails, (),
                      (purchase_description, unit_id, tax_id, tax_name, tax_type, tax_exemption_id,
                       tax_percentage, account_id, account_name, purchase_account_id,
                       purchase_account_name, inventory_account_id, inventory_account_name, vendor_id,
                       vendor_name, category_id, category_name, brand, manufacturer, hsn_or_sac,
                       sat_item_key_code, unitkey_code, avatax_tax_code, avatax_use_code, image_id,
                       image_name, image_type, documents, item_tax_preferences, custom_fields,
                       associated_with_all_locations, location_ids))
BOOST_DESCRIBE_STRUCT(MappedItem, (), (item_id, quantity))
BOOST_DESCRIBE_STRUCT(Item, (),
                      (id, name, sku, upc, ean, isbn, part_number, description, unit, item_type,
                       product_type, status, rate, purchase_rate, reorder_level, is_taxable, can_be_sold,
                       can_be_purchased, track_inventory, storage_location_enabled, track_serial_number,
                       track_batch_number, group_id, attribute_options, mapped_items, details,
                       created_time, last_modified_time))
BOOST_DESCRIBE_STRUCT(AttributeOption, (), (id, name))
BOOST_DESCRIBE_STRUCT(Attribute, (), (id, name, options))
BOOST_DESCRIBE_STRUCT(ItemGroup, (),
                      (id, group_name, unit, brand, manufacturer, description, tax_id, tax_name, tax_type,
                       tax_percentage, is_taxable, image_id, image_name, image_type, custom_fields,
                       attributes, status, created_time, last_modified_time))
BOOST_DESCRIBE_STRUCT(Address, (),
                      (attention, street_address1, street_address2, city, state, state_code, country, zip))
BOOST_DESCRIBE_STRUCT(Location, (),
                      (id, name, type, email, phone, address, tax_settings_id, parent_location_id,
                       associated_series_ids, auto_number_generation_id, is_all_users_selected, user_ids,
                       status, is_primary))
BOOST_DESCRIBE_STRUCT(Batch, (), (batch_number, quantity, rate, manufactured_date, expiry_date))
BOOST_DESCRIBE_STRUCT(BinQuantity, (), (storage_location_id, quantity))
BOOST_DESCRIBE_STRUCT(OpeningStock, (), (location_id, quantity, rate, batches, serial_numbers, storages))
BOOST_DESCRIBE_STRUCT(AdjustmentLine, (),
                      (item_id, location_id, quantity_adjusted, item_total, adjustment_account_id,
                       adjustment_account_name, serial_numbers, batches, storages))
BOOST_DESCRIBE_STRUCT(InventoryAdjustment, (),
                      (id, reference_number, date, reason, description, adjustment_type, location_id,
                       line_items, created_time, last_modified_time))
BOOST_DESCRIBE_STRUCT(TransferLine, (),
                      (item_id, name, quantity_transfer, unit, serial_numbers, batches, from_storages,
                       to_storages))
BOOST_DESCRIBE_STRUCT(TransferOrder, (),
                      (id, transfer_order_number, date, from_location_id, to_location_id, line_items, status,
                       description, created_time, last_modified_time))
BOOST_DESCRIBE_STRUCT(BundleLine, (),
                      (item_id, name, quantity_consumed, location_id, account_id, serial_numbers, batches,
                       storages))
BOOST_DESCRIBE_STRUCT(Bundle, (),
                      (id, reference_number, date, composite_item_id, composite_item_name,
                       quantity_to_bundle, location_id, line_items, finished_product_serial_numbers,
                       finished_product_batches, finished_product_storages, status, description,
                       created_time, last_modified_time))

// The guards (x86-64, libstdc++). A failure here means a member was added
// or removed: list it above, then update the size.
BOOST_DESCRIBE_STRUCT(DocumentLine, (),
                      (line_item_id, item_id, name, description, quantity, rate, unit, location_id,
                       source_line_item_id, serial_numbers, batches, storages, to_storages, batches_picked))
BOOST_DESCRIBE_STRUCT(Shipment, (), (shipment_number, date, delivery_method, tracking_number))
BOOST_DESCRIBE_STRUCT(Document, (),
                      (type, id, number, date, status, party_id, party_name, reference_number, location_id,
                       source_id, line_items, notes, shipment, created_time, last_modified_time))

BOOST_DESCRIBE_STRUCT(BatchStock, (), (batch_number, location_id, quantity, manufactured_date, expiry_date))
BOOST_DESCRIBE_STRUCT(BatchDetails, (),
                      (id, item_id, batch_number, manufacturer_batch_number, manufactured_date, expiry_date, status,
                       stock, balance_quantity))
BOOST_DESCRIBE_STRUCT(StorageLocation, (), (id, location_id, name, storage_zone_id, description, status))

#if defined(__x86_64__) && defined(__GLIBCXX__)
static_assert(sizeof(CustomField) == 128);
static_assert(sizeof(TaxPreference) == 40);
static_assert(sizeof(ItemDetails) == 952);
static_assert(sizeof(MappedItem) == 16);
static_assert(sizeof(Item) == 408);
static_assert(sizeof(AttributeOption) == 40);
static_assert(sizeof(Attribute) == 64);
static_assert(sizeof(ItemGroup) == 472);
static_assert(sizeof(Address) == 256);
static_assert(sizeof(Location) == 536);
static_assert(sizeof(Batch) == 104);
static_assert(sizeof(BinQuantity) == 40);
static_assert(sizeof(OpeningStock) == 96);
static_assert(sizeof(AdjustmentLine) == 184);
static_assert(sizeof(InventoryAdjustment) == 200);
static_assert(sizeof(TransferLine) == 176);
static_assert(sizeof(TransferOrder) == 168);
static_assert(sizeof(BundleLine) == 168);
static_assert(sizeof(Bundle) == 288);
static_assert(sizeof(DocumentLine) == 256);
static_assert(sizeof(Shipment) == 112);
static_assert(sizeof(Document) == 400);
static_assert(sizeof(BatchDetails) == 168);
static_assert(sizeof(StorageLocation) == 120);
#endif

}  // namespace inventory

#endif  // INVENTORY_SRC_STORAGE_DESCRIBE_H_
