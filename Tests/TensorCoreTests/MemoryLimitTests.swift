// MemoryLimitTests: the one size check — how CAJAL_MAX_MEMORY is read, the default (a quarter
// of memory, at most 8 GiB, at most a quarter of an address-space limit), checked products,
// and sizes written the way people say them.
import Testing
@testable import TensorCore

@Suite struct MemoryLimitTests {
    @Test func settingsAreReadWithUnits() {
        #expect(MemoryLimit.parse("4G") == 4 << 30)
        #expect(MemoryLimit.parse("512M") == 512 << 20)
        #expect(MemoryLimit.parse("2.5GB") == Int(2.5 * Double(1 << 30)))
        #expect(MemoryLimit.parse("1GiB") == 1 << 30)
        #expect(MemoryLimit.parse("1000000") == 1_000_000)
        #expect(MemoryLimit.parse("lots") == nil)
        #expect(MemoryLimit.parse("-1G") == nil)
    }

    @Test func theDefaultLeavesTheMachineUsable() {
        let gib: UInt64 = 1 << 30
        #expect(MemoryLimit.resolve(setting: nil, physical: 24 * gib, addressSpace: nil) == 6 << 30)
        #expect(MemoryLimit.resolve(setting: nil, physical: 256 * gib, addressSpace: nil) == 8 << 30)
        #expect(MemoryLimit.resolve(setting: nil, physical: 24 * gib, addressSpace: 4 << 30) == 1 << 30)
        #expect(MemoryLimit.resolve(setting: "100M", physical: 24 * gib, addressSpace: nil) == 100 << 20)
        #expect(MemoryLimit.resolve(setting: "junk", physical: 24 * gib, addressSpace: nil) == 6 << 30)
    }

    @Test func productsAreChecked() {
        #expect(MemoryLimit.product([2, 3, 4]) == 24)
        #expect(MemoryLimit.product([1 << 31, 1 << 31, 4]) == nil)
        #expect(MemoryLimit.product([1 << 62, 4, 0]) == 0)
        #expect(MemoryLimit.product([-1, 2]) == nil)
    }

    @Test func sizesReadAsPeopleSayThem() {
        #expect(MemoryLimit.byteString(512) == "512 bytes")
        #expect(MemoryLimit.byteString(1.5 * 1024 * 1024) == "1.5 MB")
        #expect(MemoryLimit.byteString(80 * 1024 * 1024 * 1024) == "80 GB")
        #expect(MemoryLimit.byteString(2e10 * 4) == "74.5 GB")
    }

    @Test func anOverflowingShapeNeverReadsNegative() throws {
        let e = #expect(throws: TensorError.self) { try Tensor.zeros([1 << 31, 1 << 31]) }
        #expect(e?.message.hasPrefix("shape [2147483648, 2147483648] would need 16 EB; the limit is") == true, "\(String(describing: e))")
        let f = #expect(throws: TensorError.self) { try Tensor.zeros([1 << 40, 1 << 30]) }
        #expect(f?.message.contains("-") == false, "\(String(describing: f))")
    }
}
