//! A serde serializer that writes JSON as .NET writes the object it came from, straight from the
//! generated types (no `serde_json::Value` in between, which cost three quarters of the time of
//! a page): every object of a schema of the spec gets that schema's fields, in the spec's order,
//! `null` where the type leaves one out, then any fields the spec does not know.
//!
//! An object's fields are written to a small buffer each, then in the spec's order; everything
//! else (numbers, strings, arrays) goes straight to `serde_json`, so values are written exactly as
//! `serde_json` writes them.

use std::ops::Range;

use serde::ser::{self, Impossible, Serialize};
use serde_json::Error;

use super::{Model, model_of_type};

/// Writes `value` to `out`; `model` is the schema of the top-level object (it wins over the type's
/// own name: a `status_response` value can be written as an `images_response`), and the fields
/// in `omit` are left out of it.
pub(super) fn write<T: Serialize + ?Sized>(
    out: &mut Vec<u8>,
    value: &T,
    model: Option<&'static Model>,
    omit: &[&str],
) -> Result<(), Error> {
    value.serialize(Writer { out, model, omit })
}

/// Writes one value; `model` is the schema an object written here is expected to have.
struct Writer<'a> {
    out: &'a mut Vec<u8>,
    model: Option<&'static Model>,
    omit: &'a [&'a str],
}

impl Writer<'_> {
    fn json(&mut self) -> serde_json::Serializer<&mut Vec<u8>> {
        serde_json::Serializer::new(&mut *self.out)
    }
}

/// Forwards a primitive to `serde_json`.
macro_rules! forward {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method(mut self, $($arg: $ty),*) -> Result<(), Error> {
            ser::Serializer::$method(&mut self.json(), $($arg),*)
        }
    )*};
}

impl<'a> ser::Serializer for Writer<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Seq<'a>;
    type SerializeTuple = Seq<'a>;
    type SerializeTupleStruct = Seq<'a>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Object<'a>;
    type SerializeStruct = Object<'a>;
    type SerializeStructVariant = Impossible<(), Error>;

    forward! {
        serialize_bool(v: bool);
        serialize_i8(v: i8);
        serialize_i16(v: i16);
        serialize_i32(v: i32);
        serialize_i64(v: i64);
        serialize_i128(v: i128);
        serialize_u8(v: u8);
        serialize_u16(v: u16);
        serialize_u32(v: u32);
        serialize_u64(v: u64);
        serialize_u128(v: u128);
        serialize_f32(v: f32);
        serialize_f64(v: f64);
        serialize_char(v: char);
        serialize_str(v: &str);
        serialize_bytes(v: &[u8]);
        serialize_none();
        serialize_unit();
        serialize_unit_struct(name: &'static str);
        serialize_unit_variant(name: &'static str, index: u32, variant: &'static str);
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        ser::Serializer::serialize_newtype_variant(&mut self.json(), name, index, variant, value)
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Seq<'a>, Error> {
        self.out.push(b'[');
        Ok(Seq {
            out: self.out,
            model: self.model,
            first: true,
        })
    }

    fn serialize_tuple(self, len: usize) -> Result<Seq<'a>, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Seq<'a>, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(ser::Error::custom("the spec has no tuple variants"))
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Object<'a>, Error> {
        Ok(Object::new(self.out, self.model, self.omit))
    }

    fn serialize_struct(self, name: &'static str, _len: usize) -> Result<Object<'a>, Error> {
        let model = self.model.or_else(|| model_of_type(name));
        Ok(Object::new(self.out, model, self.omit))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(ser::Error::custom("the spec has no struct variants"))
    }
}

/// An array being written: each item with the array's model.
struct Seq<'a> {
    out: &'a mut Vec<u8>,
    model: Option<&'static Model>,
    first: bool,
}

impl Seq<'_> {
    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        if !std::mem::take(&mut self.first) {
            self.out.push(b',');
        }
        value.serialize(Writer {
            out: &mut *self.out,
            model: self.model,
            omit: &[],
        })
    }
}

impl ser::SerializeSeq for Seq<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.item(value)
    }

    fn end(self) -> Result<(), Error> {
        self.out.push(b']');
        Ok(())
    }
}

impl ser::SerializeTuple for Seq<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.item(value)
    }

    fn end(self) -> Result<(), Error> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Seq<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.item(value)
    }

    fn end(self) -> Result<(), Error> {
        ser::SerializeSeq::end(self)
    }
}

/// An object being written: without a model, straight through; with one, each field to its
/// place in a buffer, written in the model's order at the end.
struct Object<'a> {
    out: &'a mut Vec<u8>,
    model: Option<&'static Model>,
    omit: &'a [&'a str],
    /// The values written so far (with a model), one after the other.
    buffer: Vec<u8>,
    /// Where in `buffer` the value of each field of the model is, by the field's position.
    slots: Vec<Option<Range<usize>>>,
    /// The fields the model does not have, and where their values are.
    others: Vec<(String, Range<usize>)>,
    /// The key of a map entry whose value comes next.
    key: Option<String>,
    first: bool,
}

impl<'a> Object<'a> {
    fn new(out: &'a mut Vec<u8>, model: Option<&'static Model>, omit: &'a [&'a str]) -> Self {
        if model.is_none() {
            out.push(b'{');
        }
        Object {
            out,
            model,
            omit,
            buffer: Vec::with_capacity(if model.is_some() { 512 } else { 0 }),
            slots: vec![None; model.map_or(0, |model| model.fields.len())],
            others: Vec::new(),
            key: None,
            first: true,
        }
    }

    fn field<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), Error> {
        if self.omit.contains(&name) {
            return Ok(());
        }
        let Some(model) = self.model else {
            if !std::mem::take(&mut self.first) {
                self.out.push(b',');
            }
            serde_json::to_writer(&mut *self.out, name)?;
            self.out.push(b':');
            return value.serialize(Writer {
                out: &mut *self.out,
                model: None,
                omit: &[],
            });
        };
        let start = self.buffer.len();
        value.serialize(Writer {
            out: &mut self.buffer,
            model: model.child(name),
            omit: &[],
        })?;
        let written = start..self.buffer.len();
        match model.position(name) {
            Some(at) => self.slots[at] = Some(written),
            None => self.others.push((name.to_owned(), written)),
        }
        Ok(())
    }

    fn end(self) -> Result<(), Error> {
        let Some(model) = self.model else {
            self.out.push(b'}');
            return Ok(());
        };
        let Object {
            out,
            omit,
            buffer,
            slots,
            others,
            ..
        } = self;
        out.push(b'{');
        let mut first = true;
        let mut entry = |out: &mut Vec<u8>, name: &str, value: &[u8]| -> Result<(), Error> {
            if !std::mem::take(&mut first) {
                out.push(b',');
            }
            serde_json::to_writer(&mut *out, name)?;
            out.push(b':');
            out.extend_from_slice(value);
            Ok(())
        };
        for (field, slot) in model.fields.iter().zip(slots) {
            if omit.contains(&field.name) {
                continue;
            }
            let value = slot.map_or(&b"null"[..], |range| &buffer[range]);
            entry(out, field.name, value)?;
        }
        for (name, range) in others {
            entry(out, &name, &buffer[range])?;
        }
        out.push(b'}');
        Ok(())
    }
}

impl ser::SerializeStruct for Object<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(name, value)
    }

    fn end(self) -> Result<(), Error> {
        Object::end(self)
    }
}

impl ser::SerializeMap for Object<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        match serde_json::to_value(key)? {
            serde_json::Value::String(key) => {
                self.key = Some(key);
                Ok(())
            }
            other => Err(ser::Error::custom(format!(
                "a key must be a string: {other}"
            ))),
        }
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = self.key.take().unwrap_or_default();
        self.field(&key, value)
    }

    fn end(self) -> Result<(), Error> {
        Object::end(self)
    }
}
