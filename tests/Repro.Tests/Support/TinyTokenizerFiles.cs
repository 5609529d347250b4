namespace Repro.Tests.Support;

/// <summary>Hand-made tokenizer files small enough to check every id by eye.</summary>
internal static class TinyTokenizerFiles
{
    /// <summary>WordPiece vocab.txt: the line number is the library id; the specials sit out of our order on purpose.</summary>
    public const string WordPieceVocab = "the\n[UNK]\ncat\n[PAD]\n##s\n[CLS]\n[SEP]\n[MASK]\nsat\n.\n";

    /// <summary>BPE vocab.json (token → library id).</summary>
    public const string BpeVocab = """{"[UNK]":0,"t":1,"h":2,"e":3,"c":4,"a":5,"s":6,"th":7,"the":8,"at":9,"cat":10,"sat":11}""";

    /// <summary>BPE merges.txt, highest priority first.</summary>
    public const string BpeMerges = "#version: 0.2\nt h\nth e\na t\nc at\ns at\n";
}
