"""TextVectorizer: Keras' TextVectorization as a scikit-learn transformer."""

from numbers import Integral

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from .._compat import Interval, StrOptions, _fit_context
from ._encode import (
    bag_of_tokens,
    decode_ids,
    idf_weights,
    int_sequences,
    tokens_per_document,
)
from ._standardize import STANDARDIZE_OPTIONS, check_documents, tokenize
from ._vocabulary import MASK_TOKEN, OOV_TOKEN, fit_vocabulary, ngram_sizes

__all__ = ["TextVectorizer"]

_BAG_MODES = ("multi_hot", "count", "tf_idf")


class TextVectorizer(TransformerMixin, BaseEstimator):
    """Map raw text to token ids or bags of n-grams, with Keras' semantics.

    A scikit-learn transformer with the parameters and behaviour of
    ``keras.layers.TextVectorization`` (without TensorFlow): standardize,
    split, form n-grams, learn a vocabulary ordered by frequency, and output
    padded integer sequences (``"int"``) or a bag of n-grams per document.

    Parameters
    ----------
    max_tokens : int, default=None
        Size of the vocabulary *including* the reserved tokens (Keras'
        meaning): in ``"int"`` mode index 0 is padding (``""``) and 1 is
        out-of-vocabulary (``"[UNK]"``), so ``max_tokens - 2`` tokens are
        learned; in the bag modes column 0 is ``"[UNK]"`` and
        ``max_tokens - 1`` are learned.  ``None``: no limit.
    standardize : {"lower_and_strip_punctuation", "lower", "strip_punctuation"} \
            or callable or None, default="lower_and_strip_punctuation"
        Text normalization.  Punctuation is Keras' ``DEFAULT_STRIP_REGEX``,
        the ASCII characters of ``string.punctuation``, deleted (not replaced
        by a space).  A callable maps one ``str`` to one ``str``.
    strip_html : bool, default=False
        Replace HTML tags (``<br />``, ``<i>``, ...) by a space before
        ``standardize``.  Without it IMDB's ``<br />`` becomes the token
        ``"br"``, as in Keras.
    split : {"whitespace", "character"} or callable or None, \
            default="whitespace"
        Tokenization: on whitespace, into characters, a callable mapping a
        ``str`` to a list of ``str``, or ``None`` (each document is one token).
        Empty tokens are dropped.
    ngrams : int or tuple of int, default=None
        ``None``: tokens only; an int ``N``: all 1- to N-grams; a tuple: those
        exact sizes.  N-grams are the tokens joined by a single space.
    output_mode : {"int", "multi_hot", "count", "tf_idf"}, default="int"
        ``"int"``: an ``(n_samples, output_sequence_length)`` int64 array of
        token ids (each document's unigrams, then its bigrams, ...).  The bag
        modes: one column per vocabulary entry, column 0 for
        out-of-vocabulary tokens (Keras' layout, so that the columns are the
        ``get_vocabulary()`` list and a Keras model's weights line up).
    output_sequence_length : int, default=None
        ``"int"`` mode only: pad (with 0) or truncate (at the end) every
        sequence to this length.  ``None``: the longest sequence seen in
        ``fit`` (stored as ``output_sequence_length_``), so every ``transform``
        has the same width.
    pad_to_max_tokens : bool, default=False
        Bag modes: always output ``max_tokens`` columns, even when fewer
        tokens were learned.  Ignored in ``"int"`` mode (as in Keras).
    vocabulary : array-like of str, default=None
        A given vocabulary instead of a learned one (most useful first).  It
        may start with the reserved tokens as ``get_vocabulary()`` returns
        them.  Multi-word entries are n-grams (words joined by one space).
        ``fit`` still learns ``idf_`` and ``output_sequence_length_``.
    min_frequency : int, default=1
        Tokens seen fewer times in ``fit`` are not learned.
    sparse_output : bool, default=True
        Bag modes return a scipy CSR matrix; ``False``: a dense array (which
        also works with ``set_output(transform="pandas")``).
    encoding : str, default=None
        Decode ``bytes`` documents with this encoding; ``None`` refuses bytes.

    Attributes
    ----------
    vocabulary_ : dict of str to int
        Token to id (``"int"``) or column (bag modes), reserved tokens included.
    idf_ : ndarray of shape (n_columns,)
        ``"tf_idf"`` only: the inverse document frequency of each column,
        ``log(1 + n_documents / (1 + document_frequency))`` (Keras' formula,
        a smoothed idf that stays positive).  Keras gives the ``[UNK]`` column
        the mean idf because its streaming ``adapt`` cannot count it; here its
        document frequency is counted exactly (documents with at least one
        out-of-vocabulary token).  Padding columns get 0, as in Keras.
    output_sequence_length_ : int
        ``"int"`` mode: the width of the output.

    See Also
    --------
    sklearn.feature_extraction.text.CountVectorizer : sklearn's bag of words.

    Notes
    -----
    Vocabulary order is Keras': count descending, ties broken by the token
    in descending (code point) order; n-grams of all sizes compete for the
    same ``max_tokens``.  Deviations from Keras, all deliberate:
    lowercasing is Unicode-aware (Keras lowercases ASCII only); whitespace
    is Unicode whitespace; ``output_sequence_length=None`` fixes the width at
    ``fit`` instead of per batch; the ``[UNK]`` idf is exact (see ``idf_``);
    ``tf_idf`` with a given vocabulary learns the idf in ``fit`` instead of
    taking ``idf_weights``.  Only the vocabulary (no training document) is
    kept.

    Examples
    --------
    >>> from sktseq.text import TextVectorizer
    >>> docs = ["The cat sat.", "The dog sat!", "A cat?"]
    >>> vec = TextVectorizer(output_sequence_length=4).fit(docs)
    >>> vec.get_vocabulary()
    ['', '[UNK]', 'the', 'sat', 'cat', 'dog', 'a']
    >>> vec.transform(["the cat ate"])
    array([[2, 4, 1, 0]])
    >>> bag = TextVectorizer(output_mode="multi_hot", ngrams=2, max_tokens=6)
    >>> bag.fit(docs).get_feature_names_out().tolist()
    ['[UNK]', 'the', 'sat', 'cat', 'the dog', 'the cat']
    >>> bag.transform(["the cat sat"]).toarray().astype(int)
    array([[1, 1, 1, 1, 0, 1]])
    """

    _parameter_constraints = {
        "max_tokens": [Interval(Integral, 1, None, closed="left"), None],
        "standardize": [StrOptions(STANDARDIZE_OPTIONS), callable, None],
        "strip_html": ["boolean"],
        "split": [StrOptions({"whitespace", "character"}), callable, None],
        "ngrams": [Interval(Integral, 1, None, closed="left"), tuple, None],
        "output_mode": [StrOptions({"int", *_BAG_MODES})],
        "output_sequence_length": [Interval(Integral, 1, None, closed="left"), None],
        "pad_to_max_tokens": ["boolean"],
        "vocabulary": ["array-like", None],
        "min_frequency": [Interval(Integral, 1, None, closed="left")],
        "sparse_output": ["boolean"],
        "encoding": [str, None],
    }

    def __init__(
        self,
        *,
        max_tokens=None,
        standardize="lower_and_strip_punctuation",
        strip_html=False,
        split="whitespace",
        ngrams=None,
        output_mode="int",
        output_sequence_length=None,
        pad_to_max_tokens=False,
        vocabulary=None,
        min_frequency=1,
        sparse_output=True,
        encoding=None,
    ):
        self.max_tokens = max_tokens
        self.standardize = standardize
        self.strip_html = strip_html
        self.split = split
        self.ngrams = ngrams
        self.output_mode = output_mode
        self.output_sequence_length = output_sequence_length
        self.pad_to_max_tokens = pad_to_max_tokens
        self.vocabulary = vocabulary
        self.min_frequency = min_frequency
        self.sparse_output = sparse_output
        self.encoding = encoding

    # -- parameters --------------------------------------------------------
    def _n_reserved(self):
        return 2 if self.output_mode == "int" else 1

    def _check_params(self):
        reserved = self._n_reserved()
        if self.output_mode != "int" and self.output_sequence_length is not None:
            raise ValueError(
                "output_sequence_length is only valid with output_mode='int', "
                f"not output_mode={self.output_mode!r}."
            )
        if self.max_tokens is not None and self.max_tokens <= reserved:
            raise ValueError(
                f"max_tokens={self.max_tokens} leaves no room for learned tokens: "
                f"output_mode={self.output_mode!r} reserves {reserved} ("
                + ("'' for padding and '[UNK]'" if reserved == 2 else "'[UNK]'")
                + f"), so max_tokens must be at least {reserved + 1}."
            )
        if self.pad_to_max_tokens and self.max_tokens is None:
            raise ValueError("pad_to_max_tokens=True needs max_tokens to be set.")
        return ngram_sizes(self.ngrams)

    # -- fitting -----------------------------------------------------------
    def _tokenize(self, X):
        return tokenize(
            check_documents(X, encoding=self.encoding),
            standardize=self.standardize,
            strip_html=self.strip_html,
            split=self.split,
        )

    def _fit(self, X, *, transform):
        """Learn the vocabulary; with ``transform``, return the training output."""
        sizes = self._check_params()
        stream = self._tokenize(X)
        if stream.n_docs == 0:
            raise ValueError("TextVectorizer needs at least one document to fit.")
        for stale in ("idf_", "output_sequence_length_"):  # from another mode
            self.__dict__.pop(stale, None)
        start = self._n_reserved()
        tokens, self._lookup, pieces = fit_vocabulary(
            stream,
            sizes,
            vocabulary=self.vocabulary,
            start=start,
            max_tokens=self.max_tokens,
            min_frequency=self.min_frequency,
            pieces=transform or self.output_mode == "tf_idf",
        )
        self._tokens = [MASK_TOKEN, OOV_TOKEN][2 - start :] + list(tokens)
        self.vocabulary_ = dict(zip(self._tokens, range(len(self._tokens))))
        if self.output_mode == "int":
            self.output_sequence_length_ = self.output_sequence_length or max(
                1, int(tokens_per_document(stream, sizes).max())
            )
        elif self.output_mode == "tf_idf":
            self.idf_ = idf_weights(pieces, stream.n_docs, self._n_columns())
            self.idf_[len(self._tokens) :] = 0  # pad_to_max_tokens columns
        return self._encode(pieces, stream.n_docs) if transform else None

    def _n_columns(self):
        if self.pad_to_max_tokens:
            return max(self.max_tokens, len(self._tokens))
        return len(self._tokens)

    def _encode(self, pieces, n_docs):
        if self.output_mode == "int":
            return int_sequences(pieces, n_docs, self.output_sequence_length_)
        out = bag_of_tokens(
            pieces,
            n_docs,
            self._n_columns(),
            self.output_mode,
            getattr(self, "idf_", None),
        )
        return out if self.sparse_output else out.toarray()

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Learn the vocabulary (and idf, sequence length) from documents.

        Parameters
        ----------
        X : iterable of str
            The documents (a list, array or pandas Series of strings).
        y : None
            Ignored.

        Returns
        -------
        self : TextVectorizer
        """
        self._fit(X, transform=False)
        return self

    @_fit_context(prefer_skip_nested_validation=True)
    def fit_transform(self, X, y=None):
        """Learn the vocabulary and transform ``X`` in one tokenization pass.

        Parameters
        ----------
        X : iterable of str
            The documents.
        y : None
            Ignored.

        Returns
        -------
        Xt : ndarray of shape (n_samples, output_sequence_length_) or \
                sparse matrix of shape (n_samples, n_columns)
            As :meth:`transform`.
        """
        return self._fit(X, transform=True)

    def transform(self, X):
        """Vectorize documents with the fitted vocabulary.

        Parameters
        ----------
        X : iterable of str
            The documents.

        Returns
        -------
        Xt : ndarray of shape (n_samples, output_sequence_length_) or \
                sparse matrix of shape (n_samples, n_columns)
            int64 token ids (``"int"``), or a float32 CSR matrix (dense array
            with ``sparse_output=False``) in the bag modes.
        """
        check_is_fitted(self)
        stream = self._tokenize(X)
        pieces = self._lookup.pieces(stream, ngram_sizes(self.ngrams))
        return self._encode(pieces, stream.n_docs)

    def inverse_transform(self, X):
        """Decode ``"int"`` output back to text (padding dropped).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_steps)
            Token ids.

        Returns
        -------
        docs : ndarray of shape (n_samples,), dtype=object
            The tokens of each row joined by a space; out-of-vocabulary ids
            read ``"[UNK]"``, and with ``ngrams`` the n-grams follow the words.
        """
        check_is_fitted(self)
        if self.output_mode != "int":
            raise ValueError(
                "inverse_transform needs output_mode='int'; bag modes lose the "
                "token order."
            )
        return decode_ids(X, self._tokens)

    def get_vocabulary(self, include_special_tokens=True):
        """Return the vocabulary, index order (Keras' ``get_vocabulary``).

        Parameters
        ----------
        include_special_tokens : bool, default=True
            Include ``""`` (``"int"`` mode) and ``"[UNK]"`` at the start.

        Returns
        -------
        vocabulary : list of str
        """
        check_is_fitted(self)
        if include_special_tokens:
            return list(self._tokens)
        return self._tokens[self._n_reserved() :]

    def get_feature_names_out(self, input_features=None):
        """Output column names: the vocabulary (bag modes) or positions (int).

        Parameters
        ----------
        input_features : None
            Ignored (text has no input feature names).

        Returns
        -------
        feature_names_out : ndarray of str objects
            Bag modes: ``get_vocabulary()`` (``"[UNK]"`` first), then
            ``"[PAD<j>]"`` for ``pad_to_max_tokens`` columns.  ``"int"`` mode:
            ``textvectorizer0``, ``textvectorizer1``, ... (one per position).
        """
        check_is_fitted(self)
        if self.output_mode == "int":
            names = [f"textvectorizer{i}" for i in range(self.output_sequence_length_)]
        else:
            pad = range(self._n_columns() - len(self._tokens))
            names = self._tokens + [f"[PAD{j}]" for j in pad]
        return np.asarray(names, dtype=object)

    def __sklearn_is_fitted__(self):
        return hasattr(self, "vocabulary_")

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags
