// MooseStack's serde types, copied from 514-labs/moosestack at 0ca7779d8c66dbe93c4509d1fb8caf9a98f00185
// (apps/framework-cli/src; the file and line ranges are noted at each part), with stubs where a type is not OLAP
// (those maps are kept as serde_json::Value). MooseStack is MIT-licensed:
//
// MIT License. Copyright (c) 2023 Tim Delisle, Nicolas Joseph.
// Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated
// documentation files (the "Software"), to deal in the Software without restriction, including without limitation
// the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and
// to permit persons to whom the Software is furnished to do so, subject to the following conditions: The above
// copyright notice and this permission notice shall be included in all copies or substantial portions of the
// Software. THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED.
#![allow(dead_code, unused_imports, clippy::all)]
use serde::de::{Error, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use std::collections::HashMap;
use std::fmt;
use chrono::{DateTime, Utc};

// stub Version: serde as plain string (versions.rs 26-42)
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Version(pub String);
impl Serialize for Version { fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> { self.0.serialize(s) } }
impl<'de> Deserialize<'de> for Version { fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> { Ok(Version(String::deserialize(d)?)) } }
// partial_infrastructure_map.rs 76-100
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum LifeCycle {
    /// Full automatic management (default behavior).
    /// Moose will automatically modify database resources to match code definitions,
    /// including potentially destructive operations like dropping columns or tables.
    #[default]
    FullyManaged,

    /// Deletion-protected automatic management.
    /// Moose will modify resources to match code but will avoid destructive actions
    /// such as dropping columns or tables. Only additive changes are applied.
    DeletionProtected,

    /// External management - no automatic changes.
    /// Moose will not modify the database resources. You are responsible for managing
    /// the schema and ensuring it matches code definitions manually.
    ExternallyManaged,
}

impl LifeCycle {
    pub fn default_for_deserialization() -> LifeCycle {
        LifeCycle::default()
    }

}
// infrastructure_map.rs 174-193
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum PrimitiveTypes {
    /// A data model that defines the structure of data
    DataModel,
    /// A function that processes data
    Function,
    /// A database block for OLAP operations
    DBBlock,
    /// An API for consumption of data
    ConsumptionAPI,
}

/// TODO: delete this DM V1 type
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrimitiveSignature {
    /// Name of the primitive component
    pub name: String,
    /// Type of the primitive component
    pub primitive_type: PrimitiveTypes,
}
// table.rs 29-39
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Eq, Hash)]
pub struct SourceLocation {
    pub file: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Eq, Hash)]
pub struct Metadata {
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source: Option<SourceLocation>,
}
// table.rs 74-98
#[derive(Debug, Clone, Eq, PartialEq, Hash, Serialize, Deserialize)]
pub struct JsonOptions<T = ColumnType> {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub max_dynamic_paths: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub max_dynamic_types: Option<u64>,
    #[serde(default)]
    pub typed_paths: Vec<(String, T)>,
    #[serde(default)]
    pub skip_paths: Vec<String>,
    #[serde(default)]
    pub skip_regexps: Vec<String>,
}

impl<T> Default for JsonOptions<T> {
    fn default() -> Self {
        JsonOptions {
            max_dynamic_paths: None,
            max_dynamic_types: None,
            typed_paths: Vec::new(),
            skip_paths: Vec::new(),
            skip_regexps: Vec::new(),
        }
    }
}
// table.rs 194-210
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum OrderBy {
    Fields(Vec<String>),
    SingleExpr(String),
}

#[derive(Debug, Clone, Serialize, Deserialize, Eq, PartialEq, Hash)]
pub struct TableIndex {
    pub name: String,
    pub expression: String,
    #[serde(rename = "type")]
    pub index_type: String,
    #[serde(default)]
    pub arguments: Vec<String>,
    pub granularity: u64,
}
// table.rs 239-245
#[derive(Debug, Clone, Serialize, Deserialize, Eq, PartialEq, Hash)]
pub struct TableProjection {
    /// The projection identifier used in DDL statements.
    pub name: String,
    /// The SELECT body of the projection, e.g. `SELECT * ORDER BY some_col`.
    pub body: String,
}
// table.rs 312-398
pub(crate) fn deserialize_nullable_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(|opt| opt.unwrap_or_default())
}

/// Per-table filter applied during `moose seed clickhouse` to control which rows
/// are copied from a remote ClickHouse instance into the local database.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeedFilter {
    /// Maximum number of rows to seed for this table.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub limit: Option<usize>,
    /// ClickHouse SQL WHERE expression to filter seeded rows.
    #[serde(skip_serializing_if = "Option::is_none", default, rename = "where")]
    pub where_clause: Option<String>,
}

/// Returns `true` when no seed filtering is configured.
fn seed_filter_is_default(sf: &SeedFilter) -> bool {
    sf.limit.is_none() && sf.where_clause.is_none()
}

/// TODO: This struct is supposed to be a database agnostic abstraction but it is clearly not.
/// The inclusion of ClickHouse-specific engine types makes this leaky.
/// This needs to be fixed in a subsequent PR to properly separate database-specific
/// concerns from the core table abstraction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    // the name field contains the version suffix
    pub name: String,
    pub columns: Vec<Column>,
    pub order_by: OrderBy,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub partition_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sample_by: Option<String>,
    #[serde(default)]
    pub engine: ClickhouseEngine,
    pub version: Option<Version>,
    pub source_primitive: PrimitiveSignature,
    pub metadata: Option<Metadata>,
    #[serde(default = "LifeCycle::default_for_deserialization")]
    pub life_cycle: LifeCycle,
    /// Hash of engine's non-alterable parameters (including credentials)
    /// Used for change detection without storing sensitive data
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub engine_params_hash: Option<String>,
    /// Hash of table settings (including sensitive settings like Kafka credentials)
    /// Used for change detection without storing sensitive data
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub table_settings_hash: Option<String>,
    /// Table-level settings that can be modified with ALTER TABLE MODIFY SETTING
    /// These are separate from engine constructor parameters
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub table_settings: Option<std::collections::HashMap<String, String>>,
    /// Secondary indexes.
    #[serde(default)]
    pub indexes: Vec<TableIndex>,
    /// Projections for alternative data ordering within parts.
    #[serde(default)]
    pub projections: Vec<TableProjection>,
    /// Optional database name for multi-database support
    /// When not specified, uses the global ClickHouse config database
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub database: Option<String>,
    /// Table-level TTL expression (without leading 'TTL')
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub table_ttl_setting: Option<String>,
    /// Optional cluster name for ON CLUSTER support in ClickHouse
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cluster_name: Option<String>,
    /// Optional PRIMARY KEY expression (overrides column-level primary_key flags when specified)
    /// Allows for complex primary keys using functions or different column ordering
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub primary_key_expression: Option<String>,
    /// Per-table filter for `moose seed clickhouse`
    #[serde(
        skip_serializing_if = "seed_filter_is_default",
        default,
        deserialize_with = "deserialize_nullable_as_default"
    )]
    pub seed_filter: SeedFilter,
}
// table.rs 899-991
#[derive(Debug, Clone, Serialize, Deserialize, Eq, PartialEq, Hash)]
pub struct Column {
    pub name: String,
    pub data_type: ColumnType,
    // TODO: move `required: false` to `data_type: Nullable(...)`
    pub required: bool,
    pub unique: bool,
    pub primary_key: bool,
    pub default: Option<String>,
    #[serde(default)]
    pub annotations: Vec<(String, Value)>, // workaround for needing to Hash
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub comment: Option<String>, // Column comment for metadata storage
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ttl: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub codec: Option<String>, // Compression codec expression (e.g., "ZSTD(3)", "Delta, LZ4")
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub materialized: Option<String>, // MATERIALIZED column expression (computed and stored at insert time)
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub alias: Option<String>, // ALIAS column expression (computed on read, not stored)
}

#[derive(Debug, Clone, Eq, PartialEq, Hash)]
pub enum IntType {
    Int8,
    Int16,
    Int32,
    Int64,
    Int128,
    Int256,
    UInt8,
    UInt16,
    UInt32,
    UInt64,
    UInt128,
    UInt256,
}

#[derive(Debug, Clone, Eq, PartialEq, Hash)]
pub enum FloatType {
    Float32,
    Float64,
}

#[derive(Debug, Clone, Eq, PartialEq, Hash)]
pub enum ColumnType {
    String,
    FixedString {
        length: u64,
    },
    Boolean,
    Int(IntType),
    BigInt,
    Float(FloatType),
    Decimal {
        precision: u8,
        scale: u8,
    },
    DateTime {
        precision: Option<u8>,
    },
    // Framework's standard date type - maps to ClickHouse `Date32` (4 bytes)
    // Most databases use 4+ bytes for dates, this provides full date range
    Date,
    // Memory-optimized date type - maps to ClickHouse `Date` (2 bytes)
    // Use when storage efficiency is critical and date range 1900-2299 is sufficient
    Date16,
    Enum(DataEnum),
    Array {
        element_type: Box<ColumnType>,
        element_nullable: bool,
    },
    Nullable(Box<ColumnType>),
    NamedTuple(Vec<(String, ColumnType)>),
    Map {
        key_type: Box<ColumnType>,
        value_type: Box<ColumnType>,
    },
    Nested(Nested),
    Json(JsonOptions), // TODO: Eventually support for only views and tables (not topics)
    Bytes,             // TODO: Explore if we ever need this type
    Uuid,
    IpV4,
    IpV6,
    // Geometry types
    Point,
    Ring,
    LineString,
    MultiLineString,
    Polygon,
    MultiPolygon,
}
// table.rs 1051-1406
impl Serialize for ColumnType {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            ColumnType::String => serializer.serialize_str("String"),
            ColumnType::FixedString { length } => {
                serializer.serialize_str(&format!("FixedString({length})"))
            }
            ColumnType::Boolean => serializer.serialize_str("Boolean"),
            ColumnType::Int(int_type) => serializer.serialize_str(&format!("{int_type:?}")),
            ColumnType::BigInt => serializer.serialize_str("BigInt"),
            ColumnType::Float(float_type) => serializer.serialize_str(&format!("{float_type:?}")),
            ColumnType::Decimal { precision, scale } => {
                serializer.serialize_str(&format!("Decimal({precision}, {scale})"))
            }
            ColumnType::DateTime { precision: None } => serializer.serialize_str("DateTime"),
            ColumnType::DateTime {
                precision: Some(precision),
            } => serializer.serialize_str(&format!("DateTime({precision})")),
            ColumnType::Enum(data_enum) => {
                let mut state = serializer.serialize_struct("Enum", 2)?;
                state.serialize_field("name", &data_enum.name)?;
                state.serialize_field("values", &data_enum.values)?;
                state.end()
            }
            ColumnType::Array {
                element_type,
                element_nullable,
            } => {
                let mut state = serializer.serialize_struct("Array", 2)?;
                state.serialize_field("elementType", element_type)?;
                state.serialize_field("elementNullable", element_nullable)?;
                state.end()
            }
            ColumnType::Nested(nested) => {
                let mut state = serializer.serialize_struct("Nested", 3)?;
                state.serialize_field("name", &nested.name)?;
                state.serialize_field("columns", &nested.columns)?;
                state.serialize_field("jwt", &nested.jwt)?;
                state.end()
            }
            ColumnType::Json(opts) => opts.serialize(serializer),
            ColumnType::Bytes => serializer.serialize_str("Bytes"),
            ColumnType::Uuid => serializer.serialize_str("UUID"),
            ColumnType::Date => serializer.serialize_str("Date"),
            ColumnType::Date16 => serializer.serialize_str("Date16"),
            ColumnType::IpV4 => serializer.serialize_str("IPv4"),
            ColumnType::IpV6 => serializer.serialize_str("IPv6"),
            ColumnType::NamedTuple(fields) => {
                let mut state = serializer.serialize_struct("NamedTuple", 1)?;
                state.serialize_field("fields", &fields)?;
                state.end()
            }
            ColumnType::Nullable(inner) => {
                let mut state = serializer.serialize_struct("Nullable", 1)?;
                state.serialize_field("nullable", inner)?;
                state.end()
            }
            ColumnType::Map {
                key_type,
                value_type,
            } => {
                let mut state = serializer.serialize_struct("Map", 2)?;
                state.serialize_field("keyType", key_type)?;
                state.serialize_field("valueType", value_type)?;
                state.end()
            }
            ColumnType::Point => serializer.serialize_str("Point"),
            ColumnType::Ring => serializer.serialize_str("Ring"),
            ColumnType::LineString => serializer.serialize_str("LineString"),
            ColumnType::MultiLineString => serializer.serialize_str("MultiLineString"),
            ColumnType::Polygon => serializer.serialize_str("Polygon"),
            ColumnType::MultiPolygon => serializer.serialize_str("MultiPolygon"),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Eq, PartialEq, Hash)]
/// An internal framework representation for an enum.
/// Avoiding the use of the `Enum` keyword to avoid conflicts with Prisma's Enum type
pub struct DataEnum {
    pub name: String,
    pub values: Vec<EnumMember>,
}

#[derive(Debug, Clone, Serialize, Eq, PartialEq, Hash)]
pub struct Nested {
    pub name: String,
    pub columns: Vec<Column>,
    #[serde(default)]
    pub jwt: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, Eq, PartialEq, Hash)]
pub struct EnumMember {
    pub name: String,
    pub value: EnumValue,
}

#[derive(Debug, Clone, Serialize, Deserialize, Eq, PartialEq, Hash)]
pub enum EnumValue {
    /// Integer value for numeric enums (supports Enum8: -128 to 127, Enum16: -32768 to 32767)
    Int(i16),
    String(String),
}

struct ColumnTypeVisitor;

impl<'de> Visitor<'de> for ColumnTypeVisitor {
    type Value = ColumnType;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a string or an object for Enum/Array/Nested/Json")
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E>
    where
        E: Error,
    {
        let t = if v == "String" {
            ColumnType::String
        } else if v.starts_with("FixedString(") {
            let length = v
                .strip_prefix("FixedString(")
                .and_then(|s| s.strip_suffix(")"))
                .and_then(|s| s.trim().parse::<u64>().ok())
                .ok_or_else(|| E::custom(format!("Invalid FixedString length: {v}")))?;
            ColumnType::FixedString { length }
        } else if v == "Boolean" {
            ColumnType::Boolean
        } else if v == "Int" {
            ColumnType::Int(IntType::Int64)
        } else if v == "Int8" {
            ColumnType::Int(IntType::Int8)
        } else if v == "Int16" {
            ColumnType::Int(IntType::Int16)
        } else if v == "Int32" {
            ColumnType::Int(IntType::Int32)
        } else if v == "Int64" {
            ColumnType::Int(IntType::Int64)
        } else if v == "Int128" {
            ColumnType::Int(IntType::Int128)
        } else if v == "Int256" {
            ColumnType::Int(IntType::Int256)
        } else if v == "UInt8" {
            ColumnType::Int(IntType::UInt8)
        } else if v == "UInt16" {
            ColumnType::Int(IntType::UInt16)
        } else if v == "UInt32" {
            ColumnType::Int(IntType::UInt32)
        } else if v == "UInt64" {
            ColumnType::Int(IntType::UInt64)
        } else if v == "UInt128" {
            ColumnType::Int(IntType::UInt128)
        } else if v == "UInt256" {
            ColumnType::Int(IntType::UInt256)
        } else if v == "BigInt" {
            ColumnType::BigInt
        } else if v == "Float" {
            // usually "float" means single precision, but backwards compatibility
            ColumnType::Float(FloatType::Float64)
        } else if v == "Float32" {
            ColumnType::Float(FloatType::Float32)
        } else if v == "Float64" {
            ColumnType::Float(FloatType::Float64)
        } else if v.starts_with("Decimal") {
            let mut precision = 10;
            let mut scale = 0;

            if v.starts_with("Decimal(") {
                let params = v
                    .trim_start_matches("Decimal(")
                    .trim_end_matches(')')
                    .split(',')
                    .map(|s| s.trim().parse::<u8>())
                    .collect::<Vec<_>>();

                if let Some(Ok(p)) = params.first() {
                    precision = *p;
                }
                if let Some(Ok(s)) = params.get(1) {
                    scale = *s;
                }
            }
            ColumnType::Decimal { precision, scale }
        } else if v == "DateTime" {
            ColumnType::DateTime { precision: None }
        } else if v.starts_with("DateTime(") {
            let precision = v
                .strip_prefix("DateTime(")
                .unwrap()
                .strip_suffix(")")
                .and_then(|p| p.trim().parse::<u8>().ok())
                .ok_or_else(|| E::custom(format!("Invalid DateTime precision: {v}")))?;
            ColumnType::DateTime {
                precision: Some(precision),
            }
        } else if v == "Date" {
            ColumnType::Date
        } else if v == "Date16" {
            ColumnType::Date16
        } else if v == "Json" {
            ColumnType::Json(JsonOptions::default())
        } else if v == "Bytes" {
            ColumnType::Bytes
        } else if v == "UUID" {
            ColumnType::Uuid
        } else if v == "IPv4" {
            ColumnType::IpV4
        } else if v == "IPv6" {
            ColumnType::IpV6
        } else if v == "Point" {
            ColumnType::Point
        } else if v == "Ring" {
            ColumnType::Ring
        } else if v == "LineString" {
            ColumnType::LineString
        } else if v == "MultiLineString" {
            ColumnType::MultiLineString
        } else if v == "Polygon" {
            ColumnType::Polygon
        } else if v == "MultiPolygon" {
            ColumnType::MultiPolygon
        } else {
            return Err(E::custom(format!("Unknown column type {v}.")));
        };
        Ok(t)
    }

    fn visit_map<A>(self, mut map: A) -> Result<Self::Value, A::Error>
    where
        A: MapAccess<'de>,
    {
        let mut name = None;
        let mut values = None;
        let mut columns = None;
        let mut fields = None;
        let mut jwt = None;
        let mut nullable_inner = None;

        let mut element_type = None;
        let mut element_nullable = None;
        let mut key_type = None;
        let mut value_type = None;
        // Json options support
        let mut json_max_dynamic_paths: Option<u64> = None;
        let mut json_max_dynamic_types: Option<u64> = None;
        let mut json_typed_paths: Option<Vec<(String, ColumnType)>> = None;
        let mut json_skip_paths: Option<Vec<String>> = None;
        let mut json_skip_regexps: Option<Vec<String>> = None;
        let mut seen_json_options = false;
        while let Some(key) = map.next_key::<String>()? {
            if key == "elementType" || key == "element_type" {
                element_type = Some(map.next_value::<ColumnType>().map_err(|e| {
                    A::Error::custom(format!("Array inner type deserialization error {e}."))
                })?)
            } else if key == "elementNullable" || key == "element_nullable" {
                element_nullable = Some(map.next_value::<bool>()?)
            } else if key == "name" {
                name = Some(map.next_value::<String>()?);
            } else if key == "values" {
                values = Some(map.next_value::<Vec<EnumMember>>()?)
            } else if key == "columns" {
                columns = Some(map.next_value::<Vec<Column>>()?)
            } else if key == "jwt" {
                jwt = Some(map.next_value::<bool>()?)
            } else if key == "fields" {
                fields = Some(map.next_value::<Vec<(String, ColumnType)>>()?)
            } else if key == "nullable" {
                nullable_inner = Some(map.next_value::<ColumnType>()?)
            } else if key == "keyType" || key == "key_type" {
                key_type = Some(map.next_value::<ColumnType>().map_err(|e| {
                    A::Error::custom(format!("Map key type deserialization error {e}."))
                })?)
            } else if key == "valueType" || key == "value_type" {
                value_type = Some(map.next_value::<ColumnType>().map_err(|e| {
                    A::Error::custom(format!("Map value type deserialization error {e}."))
                })?)
            } else if key == "max_dynamic_paths" || key == "maxDynamicPaths" {
                json_max_dynamic_paths = map.next_value::<Option<u64>>()?;
                seen_json_options = true;
            } else if key == "max_dynamic_types" || key == "maxDynamicTypes" {
                json_max_dynamic_types = map.next_value::<Option<u64>>()?;
                seen_json_options = true;
            } else if key == "typed_paths" || key == "typedPaths" {
                json_typed_paths = Some(map.next_value::<Vec<(String, ColumnType)>>()?);
                seen_json_options = true;
            } else if key == "skip_paths" || key == "skipPaths" {
                json_skip_paths = Some(map.next_value::<Vec<String>>()?);
                seen_json_options = true;
            } else if key == "skip_regexps" || key == "skipRegexps" {
                json_skip_regexps = Some(map.next_value::<Vec<String>>()?);
                seen_json_options = true;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        if let Some(inner) = nullable_inner {
            return Ok(ColumnType::Nullable(Box::new(inner)));
        }

        if let Some(fields) = fields {
            return Ok(ColumnType::NamedTuple(fields));
        }

        if let Some(element_type) = element_type {
            return Ok(ColumnType::Array {
                element_type: Box::new(element_type),
                element_nullable: element_nullable.unwrap_or(false),
            });
        }

        if let Some(key_type) = key_type {
            if let Some(value_type) = value_type {
                return Ok(ColumnType::Map {
                    key_type: Box::new(key_type),
                    value_type: Box::new(value_type),
                });
            } else {
                return Err(A::Error::custom("Map type missing valueType field"));
            }
        }

        if seen_json_options {
            return Ok(ColumnType::Json(JsonOptions {
                max_dynamic_paths: json_max_dynamic_paths,
                max_dynamic_types: json_max_dynamic_types,
                typed_paths: json_typed_paths.unwrap_or_default(),
                skip_paths: json_skip_paths.unwrap_or_default(),
                skip_regexps: json_skip_regexps.unwrap_or_default(),
            }));
        }

        let name = name.ok_or(A::Error::custom("Missing field: name."))?;

        // we should probably add a tag to distinguish the object types
        // because we can distinguish them from the field names
        match (values, columns) {
            (None, None) => Err(A::Error::custom("Missing field: values/columns.")),
            (Some(values), _) => Ok(ColumnType::Enum(DataEnum { name, values })),
            (_, Some(columns)) => Ok(ColumnType::Nested(Nested {
                name,
                columns,
                jwt: jwt.unwrap_or(false),
            })),
        }
    }
}

impl<'de> Deserialize<'de> for ColumnType {
    fn deserialize<D>(deserializer: D) -> Result<Self, D::Error>
    where
        D: Deserializer<'de>,
    {
        deserializer.deserialize_any(ColumnTypeVisitor)
    }
}
// queries.rs 139-165
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct BufferEngine {
    // Target database name
    pub target_database: String,
    // Target table name
    pub target_table: String,
    // Number of buffer layers (typically 16)
    pub num_layers: u32,
    // Minimum time in seconds before flushing
    pub min_time: u32,
    // Maximum time in seconds before flushing
    pub max_time: u32,
    // Minimum number of rows before flushing
    pub min_rows: u64,
    // Maximum number of rows before flushing
    pub max_rows: u64,
    // Minimum bytes before flushing
    pub min_bytes: u64,
    // Maximum bytes before flushing
    pub max_bytes: u64,
    // Optional flush time
    pub flush_time: Option<u32>,
    // Optional flush rows
    pub flush_rows: Option<u64>,
    // Optional flush bytes
    pub flush_bytes: Option<u64>,
}
// queries.rs 232-383
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(clippy::large_enum_variant)] // S3Queue has many fields, but this is acceptable for our use case
#[derive(Default)]
pub enum ClickhouseEngine {
    #[default]
    MergeTree,
    ReplacingMergeTree {
        // Optional version column for deduplication
        ver: Option<String>,
        // Optional is_deleted column for soft deletes (requires ver)
        is_deleted: Option<String>,
    },
    AggregatingMergeTree,
    SummingMergeTree {
        // Optional list of columns to sum
        columns: Option<Vec<String>>,
    },
    CollapsingMergeTree {
        // Sign column name indicating row type (1 = state, -1 = cancel)
        sign: String,
    },
    VersionedCollapsingMergeTree {
        // Sign column name indicating row type (1 = state, -1 = cancel)
        sign: String,
        // Version column name for object state versioning
        version: String,
    },
    ReplicatedMergeTree {
        // Keeper path for replication (ZooKeeper or ClickHouse Keeper)
        // Optional: omit for ClickHouse Cloud which manages replication automatically
        keeper_path: Option<String>,
        // Replica name
        // Optional: omit for ClickHouse Cloud which manages replication automatically
        replica_name: Option<String>,
    },
    ReplicatedReplacingMergeTree {
        // Keeper path for replication (ZooKeeper or ClickHouse Keeper)
        // Optional: omit for ClickHouse Cloud which manages replication automatically
        keeper_path: Option<String>,
        // Replica name
        // Optional: omit for ClickHouse Cloud which manages replication automatically
        replica_name: Option<String>,
        // Optional version column for deduplication
        ver: Option<String>,
        // Optional is_deleted column for soft deletes (requires ver)
        is_deleted: Option<String>,
    },
    ReplicatedAggregatingMergeTree {
        // Keeper path for replication (ZooKeeper or ClickHouse Keeper)
        // Optional: omit for ClickHouse Cloud which manages replication automatically
        keeper_path: Option<String>,
        // Replica name
        // Optional: omit for ClickHouse Cloud which manages replication automatically
        replica_name: Option<String>,
    },
    ReplicatedSummingMergeTree {
        // Keeper path for replication (ZooKeeper or ClickHouse Keeper)
        // Optional: omit for ClickHouse Cloud which manages replication automatically
        keeper_path: Option<String>,
        // Replica name
        // Optional: omit for ClickHouse Cloud which manages replication automatically
        replica_name: Option<String>,
        // Optional list of columns to sum
        columns: Option<Vec<String>>,
    },
    ReplicatedCollapsingMergeTree {
        // Keeper path for replication (ZooKeeper or ClickHouse Keeper)
        // Optional: omit for ClickHouse Cloud which manages replication automatically
        keeper_path: Option<String>,
        // Replica name
        // Optional: omit for ClickHouse Cloud which manages replication automatically
        replica_name: Option<String>,
        // Sign column name indicating row type (1 = state, -1 = cancel)
        sign: String,
    },
    ReplicatedVersionedCollapsingMergeTree {
        // Keeper path for replication (ZooKeeper or ClickHouse Keeper)
        // Optional: omit for ClickHouse Cloud which manages replication automatically
        keeper_path: Option<String>,
        // Replica name
        // Optional: omit for ClickHouse Cloud which manages replication automatically
        replica_name: Option<String>,
        // Sign column name indicating row type (1 = state, -1 = cancel)
        sign: String,
        // Version column name for object state versioning
        version: String,
    },
    S3Queue {
        // Non-alterable constructor parameters - required for table creation
        s3_path: String,
        format: String,
        compression: Option<String>,
        headers: Option<std::collections::HashMap<String, String>>,
        // Credentials for DDL generation - may be None when loaded from protocol buffer
        aws_access_key_id: Option<String>,
        aws_secret_access_key: Option<String>,
    },
    S3 {
        // S3 path to the data file(s)
        path: String,
        // Data format (e.g., JSONEachRow, CSV, Parquet)
        format: String,
        // AWS access key ID (optional, omit for public buckets)
        aws_access_key_id: Option<String>,
        // AWS secret access key (optional, omit for public buckets)
        aws_secret_access_key: Option<String>,
        // Compression type (e.g., gzip, zstd, auto)
        compression: Option<String>,
        // Partition strategy
        partition_strategy: Option<String>,
        // Partition columns in data file
        partition_columns_in_data_file: Option<String>,
    },
    Buffer(BufferEngine),
    Distributed {
        // Cluster name from ClickHouse configuration
        cluster: String,
        // Database name on the cluster
        target_database: String,
        // Table name on the cluster
        target_table: String,
        // Optional sharding key expression
        sharding_key: Option<String>,
        // Optional policy name
        policy_name: Option<String>,
    },
    IcebergS3 {
        // S3 path to Iceberg table root
        path: String,
        // Data format (Parquet or ORC)
        format: String,
        // AWS access key ID (optional, None for NOSIGN)
        aws_access_key_id: Option<String>,
        // AWS secret access key (optional)
        aws_secret_access_key: Option<String>,
        // Compression type (optional: gzip, zstd, etc.)
        compression: Option<String>,
    },
    Kafka {
        // Constructor parameters: Kafka('broker', 'topic', 'group', 'format')
        broker_list: String,
        topic_list: String,
        group_name: String,
        format: String,
    },
    Merge {
        // Database to scan for source tables (literal name, currentDatabase(), or REGEXP(...))
        source_database: String,
        // Regex pattern to match table names in the source database
        tables_regexp: String,
    },
}
// mod.rs 114-293
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[allow(clippy::large_enum_variant)]
pub enum SerializableOlapOperation {
    /// Create a new table
    CreateTable {
        /// The table to create
        table: Table,
    },
    /// Drop an existing table
    DropTable {
        /// The table to drop
        table: String,
        /// The database containing the table (None means use global database)
        database: Option<String>,
        /// Optional cluster name for ON CLUSTER support
        cluster_name: Option<String>,
    },
    /// Add a column to a table
    AddTableColumn {
        /// The table to add the column to
        table: String,
        /// Column to add
        column: Column,
        /// The column after which to add this column (None means adding as first column)
        after_column: Option<String>,
        /// The database containing the table (None means use primary database)
        database: Option<String>,
        /// Optional cluster name for ON CLUSTER support
        cluster_name: Option<String>,
    },
    /// Drop a column from a table
    DropTableColumn {
        /// The table to drop the column from
        table: String,
        /// Name of the column to drop
        column_name: String,
        /// The database containing the table (None means use primary database)
        database: Option<String>,
        /// Optional cluster name for ON CLUSTER support
        cluster_name: Option<String>,
    },
    /// Modify a column in a table
    ModifyTableColumn {
        /// The table containing the column
        table: String,
        /// The column before modification
        before_column: Column,
        /// The column after modification
        after_column: Column,
        /// The database containing the table (None means use primary database)
        database: Option<String>,
        /// Optional cluster name for ON CLUSTER support
        cluster_name: Option<String>,
    },
    RenameTableColumn {
        /// The table containing the column
        table: String,
        /// Name of the column before renaming
        before_column_name: String,
        /// Name of the column after renaming
        after_column_name: String,
        /// The database containing the table (None means use primary database)
        database: Option<String>,
        /// Optional cluster name for ON CLUSTER support
        cluster_name: Option<String>,
    },
    /// Modify table settings using ALTER TABLE MODIFY SETTING
    ModifyTableSettings {
        /// The table to modify settings for
        table: String,
        /// The settings before modification
        before_settings: Option<HashMap<String, String>>,
        /// The settings after modification
        after_settings: Option<HashMap<String, String>>,
        /// The database containing the table (None means use primary database)
        database: Option<String>,
        /// Optional cluster name for ON CLUSTER support
        cluster_name: Option<String>,
    },
    /// Modify or remove table-level TTL
    ModifyTableTtl {
        table: String,
        before: Option<String>,
        after: Option<String>,
        /// The database containing the table (None means use primary database)
        database: Option<String>,
        /// Optional cluster name for ON CLUSTER support
        cluster_name: Option<String>,
    },
    AddTableIndex {
        table: String,
        index: TableIndex,
        /// The database containing the table (None means use primary database)
        database: Option<String>,
        /// Optional cluster name for ON CLUSTER support
        cluster_name: Option<String>,
    },
    DropTableIndex {
        table: String,
        index_name: String,
        /// The database containing the table (None means use primary database)
        database: Option<String>,
        /// Optional cluster name for ON CLUSTER support
        cluster_name: Option<String>,
    },
    /// Add a projection (alternative data ordering) to an existing MergeTree-family table.
    AddTableProjection {
        table: String,
        projection: TableProjection,
        /// The database containing the table (None means use primary database)
        database: Option<String>,
        /// Optional cluster name for ON CLUSTER support
        cluster_name: Option<String>,
    },
    /// Drop a projection from an existing table by name.
    DropTableProjection {
        table: String,
        projection_name: String,
        /// The database containing the table (None means use primary database)
        database: Option<String>,
        /// Optional cluster name for ON CLUSTER support
        cluster_name: Option<String>,
    },
    ModifySampleBy {
        table: String,
        expression: String,
        /// The database containing the table (None means use primary database)
        database: Option<String>,
        /// Optional cluster name for ON CLUSTER support
        cluster_name: Option<String>,
    },
    RemoveSampleBy {
        table: String,
        /// The database containing the table (None means use primary database)
        database: Option<String>,
        /// Optional cluster name for ON CLUSTER support
        cluster_name: Option<String>,
    },
    /// Create a materialized view
    CreateMaterializedView {
        /// Name of the materialized view
        name: String,
        /// Database where the MV is created (None = default database)
        database: Option<String>,
        /// Target table where transformed data is written
        target_table: String,
        /// Target database (if different from MV database)
        target_database: Option<String>,
        /// The SELECT SQL statement
        select_sql: String,
    },
    /// Drop a materialized view
    DropMaterializedView {
        /// Name of the materialized view
        name: String,
        /// Database where the MV is located (None = default database)
        database: Option<String>,
    },
    /// Create a custom view (user-defined SELECT view)
    CreateView {
        /// Name of the view
        name: String,
        /// Database where the view is created (None = default database)
        database: Option<String>,
        /// The SELECT SQL statement
        select_sql: String,
    },
    /// Drop a custom view
    DropView {
        /// Name of the view
        name: String,
        /// Database where the view is located (None = default database)
        database: Option<String>,
    },
    RawSql {
        /// The SQL statements to execute
        sql: Vec<String>,
        description: String,
    },
}
// materialized_view.rs 102-133
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MaterializedView {
    /// Name of the materialized view
    pub name: String,

    /// Database where the MV is created (None = default database)
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub database: Option<String>,

    /// The raw SELECT SQL statement
    pub select_sql: String,

    /// Names of source tables/views referenced in the SELECT
    pub source_tables: Vec<String>,

    /// Name of the target table where transformed data is written
    pub target_table: String,

    /// Database of the target table (None = same as MV database)
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub target_database: Option<String>,

    /// Optional metadata for the materialized view (e.g., description, source file)
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub metadata: Option<Metadata>,

    /// Lifecycle management policy for the materialized view.
    /// Controls whether Moose can drop or modify the MV automatically.
    #[serde(default, deserialize_with = "deserialize_nullable_as_default")]
    pub life_cycle: LifeCycle,
}
// view.rs 41-60
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct View {
    /// Name of the view
    pub name: String,

    /// Database where the view is created (None = default database)
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub database: Option<String>,

    /// The raw SELECT SQL statement
    pub select_sql: String,

    /// Names of source tables/views referenced in the SELECT
    pub source_tables: Vec<String>,

    /// Optional metadata for the view (e.g., description, source file)
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub metadata: Option<Metadata>,
}

// ---- migration_plan.rs, infrastructure_map.rs, utilities/json.rs
use serde_json::Map;

// json.rs 27-50
pub fn sort_json_keys(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut sorted_map = Map::new();
            let mut keys: Vec<String> = map.keys().cloned().collect();
            keys.sort();
            for key in keys { if let Some(val) = map.get(&key) { sorted_map.insert(key, sort_json_keys(val.clone())); } }
            Value::Object(sorted_map)
        }
        Value::Array(arr) => Value::Array(arr.into_iter().map(sort_json_keys).collect()),
        other => other,
    }
}
// json.rs 88-116
pub fn json_value_to_yaml(value: &Value) -> serde_yaml::Value {
    match value {
        Value::Null => serde_yaml::Value::Null,
        Value::Bool(b) => serde_yaml::Value::Bool(*b),
        Value::Number(n) => {
            let yaml_number = if let Some(i) = n.as_i64() { serde_yaml::Number::from(i) }
            else if let Some(u) = n.as_u64() { serde_yaml::Number::from(u) }
            else if let Some(f) = n.as_f64() { serde_yaml::Number::from(f) }
            else { return serde_yaml::Value::String(n.to_string()); };
            serde_yaml::Value::Number(yaml_number)
        }
        Value::String(s) => serde_yaml::Value::String(s.clone()),
        Value::Array(arr) => serde_yaml::Value::Sequence(arr.iter().map(json_value_to_yaml).collect()),
        Value::Object(map) => {
            let mut yaml_map = serde_yaml::Mapping::new();
            for (k, v) in map { yaml_map.insert(serde_yaml::Value::String(k.clone()), json_value_to_yaml(v)); }
            serde_yaml::Value::Mapping(yaml_map)
        }
    }
}

// migration_plan.rs 12-18, 55-81
#[derive(Debug, Clone, Deserialize)]
pub struct MigrationPlan { pub created_at: DateTime<Utc>, pub operations: Vec<SerializableOlapOperation> }
impl Serialize for MigrationPlan {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Sh<'a> { created_at: &'a DateTime<Utc>, operations: &'a Vec<SerializableOlapOperation> }
        let v = serde_json::to_value(&Sh { created_at: &self.created_at, operations: &self.operations }).map_err(serde::ser::Error::custom)?;
        sort_json_keys(v).serialize(serializer)
    }
}
impl MigrationPlan {
    pub fn to_yaml(&self) -> String {
        let plan_json = serde_json::to_value(self).unwrap();
        serde_yaml::to_string(&json_value_to_yaml(&plan_json)).unwrap()
    }
}

fn default_database_name() -> String { "local".to_string() }
// infrastructure_map.rs 538-598 (non-OLAP value types stubbed as serde_json::Value)
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct InfrastructureMap {
    #[serde(default = "default_database_name")]
    pub default_database: String,
    pub topics: HashMap<String, Value>,
    pub api_endpoints: HashMap<String, Value>,
    pub tables: HashMap<String, Table>,
    pub dmv1_views: HashMap<String, Value>,
    pub topic_to_table_sync_processes: HashMap<String, Value>,
    #[serde(default = "HashMap::new")]
    pub topic_to_topic_sync_processes: HashMap<String, Value>,
    pub function_processes: HashMap<String, Value>,
    pub consumption_api_web_server: ConsumptionApiWebServer,
    #[serde(default = "HashMap::new")]
    pub orchestration_workers: HashMap<String, Value>,
    #[serde(default)]
    pub sql_resources: HashMap<String, Value>,
    #[serde(default)]
    pub workflows: HashMap<String, Value>,
    #[serde(default)]
    pub web_apps: HashMap<String, Value>,
    #[serde(default)]
    pub materialized_views: HashMap<String, MaterializedView>,
    #[serde(default)]
    pub views: HashMap<String, View>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moose_version: Option<String>,
}
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ConsumptionApiWebServer {}

