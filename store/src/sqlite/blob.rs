//! The stored form of whole documents (a record, its assessment): JSON compressed with zstd at
//! its fastest level, about a third of the JSON's size for a few microseconds per document.
//! One compression and one decompression context per thread are reused, so no tables are set
//! up per record.

use std::cell::RefCell;

use serde::Serialize;
use serde::de::DeserializeOwned;

/// zstd's fastest standard level.
const LEVEL: i32 = 1;

/// The largest size a document's header may state for it to be decompressed into a buffer of
/// that size at once (a record's JSON is a few kilobytes).
const IN_ONE_PIECE: usize = 64 << 20;

thread_local! {
    static COMPRESSOR: RefCell<Option<zstd::bulk::Compressor<'static>>> = const { RefCell::new(None) };
    static DECOMPRESSOR: RefCell<Option<zstd::bulk::Decompressor<'static>>> = const { RefCell::new(None) };
}

/// Serializes `value` to JSON and compresses it.
pub(crate) fn pack<T: Serialize>(value: &T) -> Result<Vec<u8>, String> {
    compress(&serde_json::to_vec(value).map_err(|e| e.to_string())?)
}

/// Compresses a document's JSON (as [`pack`] does after serializing it).
pub(crate) fn compress(json: &[u8]) -> Result<Vec<u8>, String> {
    COMPRESSOR.with(|cell| {
        let mut slot = cell.borrow_mut();
        let compressor = match slot.as_mut() {
            Some(compressor) => compressor,
            None => slot.insert(zstd::bulk::Compressor::new(LEVEL).map_err(|e| e.to_string())?),
        };
        compressor.compress(json).map_err(|e| e.to_string())
    })
}

/// Decompresses and deserializes a document written by [`pack`]. A document states its size
/// in its frame header, so it is decompressed in one piece by the thread's reused context;
/// one without (written by another zstd), or claiming more than [`IN_ONE_PIECE`], is streamed.
pub(crate) fn unpack<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    let size = zstd::zstd_safe::get_frame_content_size(bytes)
        .ok()
        .flatten()
        .and_then(|size| usize::try_from(size).ok())
        .filter(|size| *size <= IN_ONE_PIECE);
    let json = match size {
        Some(size) => DECOMPRESSOR.with(|cell| {
            let mut slot = cell.borrow_mut();
            let decompressor = match slot.as_mut() {
                Some(decompressor) => decompressor,
                None => slot.insert(zstd::bulk::Decompressor::new().map_err(|e| e.to_string())?),
            };
            decompressor
                .decompress(bytes, size)
                .map_err(|e| e.to_string())
        })?,
        None => zstd::stream::decode_all(bytes).map_err(|e| e.to_string())?,
    };
    serde_json::from_slice(&json).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_round_trip_and_shrink() {
        let document: Vec<String> = (0..200).map(|i| format!("预算执行率得分为{i}分")).collect();
        let packed = pack(&document).expect("packs");
        assert!(packed.len() < serde_json::to_vec(&document).expect("json").len() / 2);
        assert_eq!(unpack::<Vec<String>>(&packed).expect("unpacks"), document);
        let again = pack(&document).expect("packs again with the reused compressor");
        assert_eq!(again, packed);
        assert!(unpack::<Vec<String>>(b"not zstd").is_err());
    }

    #[test]
    fn a_document_whose_frame_does_not_state_its_size_is_streamed() {
        let document: Vec<String> = (0..50).map(|i| format!("第{i}行")).collect();
        let json = serde_json::to_vec(&document).expect("json");
        let streamed = zstd::stream::encode_all(&json[..], LEVEL).expect("compresses");
        assert_eq!(
            zstd::zstd_safe::get_frame_content_size(&streamed).expect("a frame"),
            None,
            "a streamed frame has no size in its header"
        );
        assert_eq!(unpack::<Vec<String>>(&streamed).expect("unpacks"), document);
        let packed = pack(&document).expect("packs");
        assert_eq!(
            zstd::zstd_safe::get_frame_content_size(&packed).expect("a frame"),
            Some(json.len() as u64),
            "a packed document states its size, so it is read in one piece"
        );
    }
}
