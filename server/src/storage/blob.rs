//! The stored form of whole documents (a record, its assessment): JSON compressed with deflate.
//! Compression at the fastest level shrinks them to about a third, which is most of the
//! database at province scale. One compressor per thread is reused: a fresh one zeroes its
//! hash tables every time, which costs more than the compression itself.

use std::cell::RefCell;
use std::io::Read;

use flate2::read::DeflateDecoder;
use flate2::{Compress, Compression, FlushCompress, Status};
use serde::Serialize;
use serde::de::DeserializeOwned;

thread_local! {
    static COMPRESSOR: RefCell<Compress> = RefCell::new(Compress::new(Compression::fast(), false));
}

/// Serializes `value` to JSON and compresses it.
pub(crate) fn pack<T: Serialize>(value: &T) -> Result<Vec<u8>, String> {
    let json = serde_json::to_vec(value).map_err(|e| e.to_string())?;
    COMPRESSOR.with(|compressor| {
        let mut compressor = compressor.borrow_mut();
        compressor.reset();
        let mut packed = Vec::with_capacity(json.len() / 2 + 64);
        loop {
            let consumed = usize::try_from(compressor.total_in()).map_err(|e| e.to_string())?;
            if packed.len() == packed.capacity() {
                packed.reserve(json.len() / 4 + 64);
            }
            let status = compressor
                .compress_vec(&json[consumed..], &mut packed, FlushCompress::Finish)
                .map_err(|e| e.to_string())?;
            if status == Status::StreamEnd {
                return Ok(packed);
            }
        }
    })
}

/// Decompresses and deserializes a document written by [`pack`].
pub(crate) fn unpack<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    let mut json = Vec::with_capacity(bytes.len() * 4);
    DeflateDecoder::new(bytes)
        .read_to_end(&mut json)
        .map_err(|e| e.to_string())?;
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
        assert!(unpack::<Vec<String>>(b"not deflate").is_err());
    }
}
