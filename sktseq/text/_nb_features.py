"""NBLogCountRatio: naive Bayes log-count ratios as feature weights (NBSVM)."""

import os
from numbers import Real

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from .._compat import Interval, _check_feature_names_in, _fit_context

__all__ = ["NBLogCountRatio"]


def _memory_bytes():
    """Physical memory of this machine in bytes (None where unknown)."""
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):  # not a POSIX system
        return None


class NBLogCountRatio(TransformerMixin, BaseEstimator):
    """Scale bag-of-words features by their naive Bayes log-count ratio.

    The features of NBSVM (Wang & Manning, 2012): with ``P = alpha + p`` and
    ``Q = alpha + q``, where ``p`` is the sum of the feature vectors of the
    positive class and ``q`` that of the negative class, the log-count ratio
    of feature ``j`` is ::

        r_j = log(P_j / sum(P)) - log(Q_j / sum(Q))

    and ``transform`` multiplies column ``j`` of ``X`` by ``r_j``.  A linear
    classifier on these features is NBSVM;
    ``make_pipeline(TextVectorizer(ngrams=3, output_mode="multi_hot"),
    NBLogCountRatio(), LogisticRegression())`` is the common reproduction
    (the paper binarizes the features, which ``"multi_hot"`` does, and trains
    an SVM whose weights it interpolates towards their mean with ``beta``).

    Parameters
    ----------
    alpha : float, default=1.0
        Additive smoothing of the per-class feature sums (the paper's
        ``alpha``, 1 in its experiments).  Must be positive: a feature absent
        from one class would otherwise get an infinite ratio.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The class labels, sorted.
    feature_count_ : ndarray of shape (n_classes, n_features)
        Sum of ``X`` over the samples of each class.
    log_count_ratio_ : ndarray of shape (n_blocks, n_features)
        The ratios ``r``.  Two classes: one row, ``classes_[1]`` (positive)
        against ``classes_[0]``, the convention of scikit-learn's linear
        classifiers.  More classes: one row per class, that class against
        all the others (one-vs-rest).
    n_features_in_ : int
        Number of input features.
    feature_names_in_ : ndarray of shape (n_features,)
        Input feature names, when ``X`` has string column names.

    See Also
    --------
    TextVectorizer : bags of n-grams to feed this transformer.
    sklearn.naive_bayes.MultinomialNB : the naive Bayes model itself.

    Notes
    -----
    Output layout: with two classes the output has the input's columns,
    scaled by ``r``.  With ``k > 2`` classes it has ``k`` blocks of the input's
    columns side by side, block ``i`` scaled by the ratios of ``classes_[i]``
    against the rest (``k`` times the input's non-zeros), so that one linear
    model sees the evidence for every class; the feature names are
    ``"<feature>_<class>"``.  Sparse input gives CSR output, dense input a
    dense array; float32 stays float32.  ``X`` must hold counts or other
    non-negative weights (multi-hot, counts, tf-idf).

    References
    ----------
    S. Wang and C. D. Manning, "Baselines and Bigrams: Simple, Good Sentiment
    and Topic Classification", ACL 2012, section 2.

    Examples
    --------
    >>> import numpy as np
    >>> from sktseq.text import NBLogCountRatio
    >>> X = np.array([[1, 0, 2], [0, 1, 0], [1, 1, 0]])
    >>> nb = NBLogCountRatio().fit(X, ["pos", "neg", "pos"])
    >>> nb.log_count_ratio_.round(3)  # log(1.5), log(0.5), log(1.5)
    array([[ 0.405, -0.693,  0.405]])
    >>> nb.transform([[2, 1, 0]]).round(3)
    array([[ 0.811, -0.693,  0.   ]])
    """

    _parameter_constraints = {"alpha": [Interval(Real, 0, None, closed="neither")]}

    def __init__(self, alpha=1.0):
        self.alpha = alpha

    def _check_counts(self, X):
        values = X.data if sp.issparse(X) else X.ravel()
        if not values.size or values.min() >= 0:
            return
        first = int(np.argmax(values < 0))
        if sp.issparse(X):  # CSR: the row is where the entry's index falls
            row = int(np.searchsorted(X.indptr, first, side="right")) - 1
            col = int(X.indices[first])
        else:
            row, col = divmod(first, X.shape[1])
        raise ValueError(
            f"Negative values in data passed to NBLogCountRatio (X[{row}, {col}] "
            f"= {values[first]:g}): it needs counts or other non-negative "
            "features (e.g. TextVectorizer(output_mode='multi_hot')), not centred "
            "or scaled ones."
        )

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Learn the per-class feature sums and their log-count ratios.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Non-negative features, usually a bag of words.
        y : array-like of shape (n_samples,)
            Class labels (at least two classes).

        Returns
        -------
        self : NBLogCountRatio
        """
        X, y = validate_data(
            self, X, y, accept_sparse="csr", dtype=(np.float64, np.float32)
        )
        self._check_counts(X)
        check_classification_targets(y)
        self.classes_, y_index = np.unique(y, return_inverse=True)
        if len(self.classes_) < 2:
            raise ValueError(
                "NBLogCountRatio needs samples of at least two classes in y, "
                f"got 1 class ({self.classes_[0]!r})."
            )
        onehot = sp.csr_matrix(
            (np.ones(len(y)), (y_index, np.arange(len(y)))),
            shape=(len(self.classes_), len(y)),
        )
        counts = onehot @ X
        counts = counts.toarray() if sp.issparse(counts) else counts
        self.feature_count_ = np.asarray(counts, dtype=np.float64)
        if len(self.classes_) == 2:
            p, q = self.feature_count_[1:], self.feature_count_[:1]
        else:  # one-vs-rest
            p = self.feature_count_
            q = self.feature_count_.sum(axis=0) - p
        self.log_count_ratio_ = self._log_share(p) - self._log_share(q)
        return self

    def _log_share(self, counts):
        """``log((alpha + counts) / ||alpha + counts||_1)`` row by row."""
        smoothed = counts + self.alpha
        return np.log(smoothed) - np.log(smoothed.sum(axis=1, keepdims=True))

    def transform(self, X):
        """Scale the features by their log-count ratios.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Non-negative features, as in ``fit``.

        Returns
        -------
        Xt : {ndarray, sparse matrix} of shape (n_samples, n_features_out)
            ``X * r`` (CSR for sparse input); ``n_features_out`` is
            ``n_features`` for two classes, ``n_classes * n_features``
            otherwise (see Notes).
        """
        check_is_fitted(self)
        self._check_dense_output(X)
        X = validate_data(
            self, X, accept_sparse="csr", dtype=(np.float64, np.float32), reset=False
        )
        self._check_counts(X)
        ratios = self.log_count_ratio_.astype(X.dtype)
        if not sp.issparse(X):
            return np.hstack([X * r for r in ratios])
        blocks = []
        for r in ratios:
            block = X.copy()
            block.data *= r[block.indices]
            blocks.append(block)
        return blocks[0] if len(blocks) == 1 else sp.hstack(blocks, format="csr")

    def _check_dense_output(self, X):
        """Refuse a dense output larger than this machine's memory, up front."""
        shape = getattr(X, "shape", None)
        if sp.issparse(X) or shape is None or len(shape) != 2:
            return
        n_out = shape[1] * len(self.log_count_ratio_)
        needed = shape[0] * n_out * np.dtype(getattr(X, "dtype", float)).itemsize
        memory = _memory_bytes()
        if memory is not None and needed > memory:
            raise ValueError(
                f"NBLogCountRatio would return a dense ({shape[0]}, {n_out}) array "
                f"of {needed / 2**30:.1f} GiB for dense X, more than this machine's "
                f"{memory / 2**30:.1f} GiB of memory; pass X as a scipy.sparse "
                "matrix (TextVectorizer's default output) to get a sparse result."
            )

    def get_feature_names_out(self, input_features=None):
        """Output feature names: the input's, per class when more than two.

        Parameters
        ----------
        input_features : array-like of str, default=None
            Input feature names; by default ``feature_names_in_`` or
            ``x0, x1, ...``.

        Returns
        -------
        feature_names_out : ndarray of str objects
            The input names (two classes), else ``"<feature>_<class>"`` for
            every class (class-major, as the output's blocks).
        """
        check_is_fitted(self)
        names = _check_feature_names_in(self, input_features)
        if len(self.classes_) == 2:
            return np.asarray(names, dtype=object)
        return np.asarray(
            [f"{name}_{label}" for label in self.classes_ for name in names],
            dtype=object,
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.input_tags.positive_only = True
        tags.target_tags.required = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags
