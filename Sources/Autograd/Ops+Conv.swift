// Ops+Conv: the forward of the conv-net kernels — conv2d, max pooling and average pooling.
// Their derivative rows (in Derivatives.swift) call TensorCore's backward kernels.
import TensorCore

extension GradContext {
    /// 2-D convolution (cross-correlation, as PyTorch): x [N, C, H, W], w [F, C, kh, kw],
    /// optional bias [F] → [N, F, OH, OW] with OH = (H + 2·padding − kh) / stride + 1.
    public func conv2d(
        _ x: Variable, _ w: Variable, bias: Variable? = nil, stride: Int = 1, padding: Int = 0
    ) throws -> Variable {
        guard isRecording && (x.requiresGrad || w.requiresGrad || bias?.requiresGrad == true) else {
            return Variable(try Tensor.conv2d(x.value, w.value, bias: bias?.value, stride: stride, padding: padding))
        }
        // When w needs a gradient, keep the forward's unfolded input: dW = dOut · colsᵀ then
        // needs no second im2col.
        let parents = bias.map { [x, w, $0] } ?? [x, w]
        let y: Tensor
        var columns: Tensor? = nil
        if w.requiresGrad {
            let r = try Tensor.conv2dKeepingColumns(x.value, w.value, bias: bias?.value, stride: stride, padding: padding)
            (y, columns) = (r.output, r.columns)
        } else {
            y = try Tensor.conv2d(x.value, w.value, bias: bias?.value, stride: stride, padding: padding)
        }
        let op = Op.conv2d(stride: stride, padding: padding, x: x.value, w: w.value, columns: columns)
        return Variable(y, op, parents: parents)
    }

    /// Max pooling over kernel×kernel windows moved by `stride` (default `kernel`):
    /// [N, C, H, W] → [N, C, OH, OW]. The gradient goes to each window's (first) maximum.
    public func maxPool2d(_ x: Variable, kernel: Int, stride: Int? = nil, padding: Int = 0) throws -> Variable {
        let (y, indices) = try Tensor.maxPool2d(x.value, kernel: kernel, stride: stride, padding: padding)
        guard records(x) else { return Variable(y) }
        let op = Op.maxPool2d(kernel: kernel, stride: stride ?? kernel, padding: padding, from: x.shape, indices: indices)
        return Variable(y, op, x)
    }

    /// Average pooling over kernel×kernel windows moved by `stride` (default `kernel`), padding
    /// counted as zeros in a divisor of kernel²: [N, C, H, W] → [N, C, OH, OW].
    public func avgPool2d(_ x: Variable, kernel: Int, stride: Int? = nil, padding: Int = 0) throws -> Variable {
        let y = try Tensor.avgPool2d(x.value, kernel: kernel, stride: stride, padding: padding)
        guard records(x) else { return Variable(y) }
        let op = Op.avgPool2d(kernel: kernel, stride: stride ?? kernel, padding: padding, from: x.shape)
        return Variable(y, op, x)
    }
}
