//! The word lists and catalogue the generated data is drawn from: title and description words,
//! image aspect ratios, and FinerWorks' print types, sizes, frames, mats and glazing.

pub(super) const ADJECTIVES: &[&str] = &[
    "Golden", "Quiet", "Blue", "Misty", "Autumn", "Silver", "Wild", "Crimson", "Hidden", "Evening",
    "Morning", "Winter", "Summer", "Ancient", "Distant", "Amber", "Emerald", "Stormy", "Gentle",
    "Painted", "Lonely", "Bright",
];
pub(super) const NOUNS: &[&str] = &[
    "Meadow",
    "Harbor",
    "Forest",
    "River",
    "Canyon",
    "Lighthouse",
    "Garden",
    "Mountain",
    "Desert",
    "Barn",
    "Bridge",
    "Orchard",
    "Coast",
    "Valley",
    "Lake",
    "Prairie",
    "Cathedral",
    "Sunflowers",
    "Horses",
    "Peonies",
    "Skyline",
    "Pier",
];
pub(super) const TIMES: &[&str] = &["Dawn", "Dusk", "Noon", "Midnight", "Sunset", "Sunrise"];
pub(super) const PLACES: &[&str] = &[
    "Big Bend",
    "Santa Fe",
    "Galveston",
    "the Hill Country",
    "Marfa",
    "Kyoto",
    "Provence",
    "Tuscany",
    "Maine",
    "Yosemite",
    "Sedona",
    "Austin",
];
pub(super) const ROMAN: &[&str] = &["I", "II", "III", "IV", "V", "VI", "VII"];
pub(super) const MEDIA: &[&str] = &[
    "Oil painting",
    "Watercolor",
    "Digital photograph",
    "Acrylic on canvas",
    "Charcoal drawing",
    "Fine art photograph",
    "Pastel sketch",
    "Mixed media piece",
];
pub(super) const PHRASES: &[&str] = &[
    "captured at first light",
    "painted en plein air",
    "from a summer road trip",
    "after the rain",
    "in late afternoon light",
    "from my travel sketchbook",
];
pub(super) const EXTRAS: &[&str] = &[
    "",
    " Signed by the artist.",
    " Part of an ongoing series.",
    " Colors are true to the original.",
    " Available as a limited edition.",
    "",
];

/// Aspect ratios (long side, short side) of photographs and canvases.
pub(super) const ASPECTS: &[(u32, u32)] =
    &[(3, 2), (4, 3), (5, 4), (1, 1), (16, 9), (7, 5), (2, 1)];

/// A kind of print FinerWorks makes.
pub(super) struct PrintType {
    pub(super) name: &'static str,
    pub(super) short: &'static str,
    pub(super) code: u32,
    pub(super) media: &'static [&'static str],
    pub(super) styles: &'static [&'static str],
    pub(super) framed: bool,
    /// The print's price per square inch, in cents.
    pub(super) cents_per_square_inch: u32,
}

pub(super) const PRINT_TYPES: &[PrintType] = &[
    PrintType {
        name: "Giclee - Fine Art Paper Prints",
        short: "Giclee - Fine Art Paper Prints",
        code: 1,
        media: &[
            "Archival Matte Paper",
            "Archival Canvas Paper",
            "Hahnemuhle Photo Rag",
            "Epson Cold Press Bright",
        ],
        styles: &["", "1/2\" Extra Border Added", "1\" Extra Border Added"],
        framed: false,
        cents_per_square_inch: 9,
    },
    PrintType {
        name: "Framed Giclee - Fine Art Paper Prints",
        short: "Giclee - Fine Art Paper Prints",
        code: 5,
        media: &[
            "Archival Matte Paper",
            "Archival Canvas Paper",
            "Hahnemuhle Photo Rag",
        ],
        styles: &["", "1/2\" Extra Border Added"],
        framed: true,
        cents_per_square_inch: 9,
    },
    PrintType {
        name: "Canvas Prints - Gallery Wrapped",
        short: "Canvas Prints",
        code: 2,
        media: &["Archival Matte Canvas", "Archival Gloss Canvas"],
        styles: &[
            "3/4\" Gallery Wrap",
            "1-1/2\" Gallery Wrap",
            "Mirrored Edges",
        ],
        framed: false,
        cents_per_square_inch: 14,
    },
    PrintType {
        name: "Framed Canvas Prints",
        short: "Canvas Prints",
        code: 6,
        media: &["Archival Matte Canvas"],
        styles: &["3/4\" Gallery Wrap"],
        framed: true,
        cents_per_square_inch: 14,
    },
    PrintType {
        name: "Metal Prints",
        short: "Metal Prints",
        code: 3,
        media: &["Glossy White Aluminum", "Matte White Aluminum"],
        styles: &["", "Float Mount"],
        framed: false,
        cents_per_square_inch: 18,
    },
    PrintType {
        name: "Acrylic Prints",
        short: "Acrylic Prints",
        code: 4,
        media: &["1/4\" Clear Acrylic"],
        styles: &["", "Standoff Mount"],
        framed: false,
        cents_per_square_inch: 22,
    },
    PrintType {
        name: "Photo Paper Prints",
        short: "Photo Paper Prints",
        code: 7,
        media: &[
            "Luster Photo Paper",
            "Metallic Photo Paper",
            "Glossy Photo Paper",
        ],
        styles: &[""],
        framed: false,
        cents_per_square_inch: 6,
    },
];

/// Print sizes, in inches.
pub(super) const SIZES: &[(u32, u32)] = &[
    (5, 7),
    (8, 10),
    (11, 14),
    (12, 12),
    (12, 16),
    (16, 20),
    (18, 24),
    (20, 30),
    (24, 36),
];
/// Frames: (collection, moulding, moulding number).
pub(super) const FRAMES: &[(&str, &str, u32)] = &[
    ("Rustic Britanny", "Vermill Red 1-1/2\"", 354_303),
    ("Gallery Classics", "Satin Black 1\"", 211_042),
    ("Modern Metal", "Brushed Silver 3/4\"", 118_820),
    ("Barnwood", "Weathered Gray 2\"", 407_715),
    ("Heritage", "Antique Gold 1-3/4\"", 322_190),
    ("Simple Wood", "Natural Maple 1\"", 150_034),
];
/// Mats: (colour, mat board number).
pub(super) const MATS: &[(&str, &str)] = &[
    ("Off White", "A4902"),
    ("Bright White", "A4887"),
    ("Black", "A4870"),
    ("Ivory", "A4910"),
    ("Charcoal", "A4893"),
];
/// Glazing: (name, material).
pub(super) const GLAZING: &[(&str, &str)] = &[
    ("Premium Clear", "Acrylic Glass"),
    ("Non-Glare", "Acrylic Glass"),
    ("Museum Glass", "Glass"),
    ("UV Protective", "Acrylic Glass"),
];
