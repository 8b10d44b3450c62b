//! The `_socket` module (CPython's `Modules/socketmodule.c`): socket objects over
//! the system's BSD sockets for IPv4, IPv6 and Unix-domain addresses, name
//! resolution, and byte-order helpers. `socket.py` from Lib builds `socket.socket`
//! and its enums on it.
//!
//! A socket with a timeout keeps its descriptor non-blocking and waits with
//! `poll()` before each operation, as CPython's `sock_call` does; a blocking socket
//! calls straight through. Calls interrupted by a signal run its handler and go on.

use std::cell::Cell;
use std::ffi::{CStr, CString};

use krait_vm::native::{
    add_module_functions, native_data, new_native_object, new_native_type, MethodDef, NativeData,
    NativeTypeSpec,
};
use krait_vm::object::GetSet;
use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::signature::Signature;
use krait_vm::slots::NativeSlot;
use krait_vm::{abstract_, Exc, ObjRef, PyErr, PyResult, Value, Vm};

// ---------------------------------------------------------------------------
// Signatures (CPython parses these with PyArg_ParseTuple: none is listed)

macro_rules! method_signature {
    ($name:literal, $text:literal) => {
        Signature::of("socket", $name, $text)
            .parse_tuple()
            .not_listed()
    };
}
macro_rules! function_signature {
    ($name:literal, $text:literal) => {
        Signature::new($name, $text).parse_tuple().not_listed()
    };
}

static INIT: Signature = Signature::new(
    "socket",
    "($self, family=-1, type=-1, proto=-1, fileno=None)",
)
.parse_tuple()
.not_listed();
static ACCEPT: Signature = method_signature!("_accept", "($self, /)");
static BIND: Signature = method_signature!("bind", "($self, address, /)");
static CLOSE: Signature = method_signature!("close", "($self, /)");
static CONNECT: Signature = method_signature!("connect", "($self, address, /)");
static CONNECT_EX: Signature = method_signature!("connect_ex", "($self, address, /)");
static DETACH: Signature = method_signature!("detach", "($self, /)");
static FILENO: Signature = method_signature!("fileno", "($self, /)");
static GETPEERNAME: Signature = method_signature!("getpeername", "($self, /)");
static GETSOCKNAME: Signature = method_signature!("getsockname", "($self, /)");
static GETSOCKOPT: Signature =
    method_signature!("getsockopt", "($self, level, option, buflen=0, /)");
static SETSOCKOPT: Signature = method_signature!(
    "setsockopt",
    "($self, level, option, value, optlen=None, /)"
);
static LISTEN: Signature = method_signature!("listen", "($self, backlog=None, /)");
static RECV: Signature = method_signature!("recv", "($self, bufsize, flags=0, /)");
static RECV_INTO: Signature =
    method_signature!("recv_into", "($self, buffer, nbytes=0, flags=0, /)");
static RECVFROM: Signature = method_signature!("recvfrom", "($self, bufsize, flags=0, /)");
static SEND: Signature = method_signature!("send", "($self, data, flags=0, /)");
static SENDALL: Signature = method_signature!("sendall", "($self, data, flags=0, /)");
static SENDTO: Signature =
    method_signature!("sendto", "($self, data, flags_or_address, address=None, /)");
static SETBLOCKING: Signature = method_signature!("setblocking", "($self, flag, /)");
static GETBLOCKING: Signature = method_signature!("getblocking", "($self, /)");
static SETTIMEOUT: Signature = method_signature!("settimeout", "($self, value, /)");
static GETTIMEOUT: Signature = method_signature!("gettimeout", "($self, /)");
static SHUTDOWN: Signature = method_signature!("shutdown", "($self, how, /)");

static GETADDRINFO: Signature = Signature::new(
    "getaddrinfo",
    "($module, host, port, family=0, type=0, proto=0, flags=0)",
)
.parse_tuple()
.not_listed();
static GETHOSTNAME: Signature = function_signature!("gethostname", "($module, /)");
static GETHOSTBYNAME: Signature = function_signature!("gethostbyname", "($module, host, /)");
static SOCKETPAIR: Signature =
    function_signature!("socketpair", "($module, family=1, type=1, proto=0, /)");
static GETDEFAULTTIMEOUT: Signature = function_signature!("getdefaulttimeout", "($module, /)");
static SETDEFAULTTIMEOUT: Signature =
    function_signature!("setdefaulttimeout", "($module, timeout, /)");
static DUP: Signature = function_signature!("dup", "($module, fd, /)");
static CLOSE_FD: Signature = function_signature!("close", "($module, fd, /)");
static HTONS: Signature = function_signature!("htons", "($module, x, /)");
static NTOHS: Signature = function_signature!("ntohs", "($module, x, /)");
static HTONL: Signature = function_signature!("htonl", "($module, x, /)");
static NTOHL: Signature = function_signature!("ntohl", "($module, x, /)");
static INET_ATON: Signature = function_signature!("inet_aton", "($module, string, /)");
static INET_NTOA: Signature = function_signature!("inet_ntoa", "($module, packed_ip, /)");
static INET_PTON: Signature = function_signature!("inet_pton", "($module, family, ip, /)");
static INET_NTOP: Signature = function_signature!("inet_ntop", "($module, family, packed_ip, /)");
static GETSERVBYNAME: Signature = function_signature!(
    "getservbyname",
    "($module, servicename, protocolname=None, /)"
);
static GETPROTOBYNAME: Signature = function_signature!("getprotobyname", "($module, name, /)");

static FUNCTIONS: [MethodDef; 20] = [
    MethodDef::staticmethod("getaddrinfo", getaddrinfo).with_signature(&GETADDRINFO),
    MethodDef::staticmethod("gethostname", gethostname).with_signature(&GETHOSTNAME),
    MethodDef::staticmethod("gethostbyname", gethostbyname).with_signature(&GETHOSTBYNAME),
    MethodDef::staticmethod("socketpair", socketpair).with_signature(&SOCKETPAIR),
    MethodDef::staticmethod("getdefaulttimeout", getdefaulttimeout)
        .with_signature(&GETDEFAULTTIMEOUT),
    MethodDef::staticmethod("setdefaulttimeout", setdefaulttimeout)
        .with_signature(&SETDEFAULTTIMEOUT),
    MethodDef::staticmethod("dup", dup).with_signature(&DUP),
    MethodDef::staticmethod("close", close_fd).with_signature(&CLOSE_FD),
    MethodDef::staticmethod("htons", htons).with_signature(&HTONS),
    MethodDef::staticmethod("ntohs", htons_back).with_signature(&NTOHS),
    MethodDef::staticmethod("htonl", htonl).with_signature(&HTONL),
    MethodDef::staticmethod("ntohl", htonl_back).with_signature(&NTOHL),
    MethodDef::staticmethod("inet_aton", inet_aton).with_signature(&INET_ATON),
    MethodDef::staticmethod("inet_ntoa", inet_ntoa).with_signature(&INET_NTOA),
    MethodDef::staticmethod("inet_pton", inet_pton).with_signature(&INET_PTON),
    MethodDef::staticmethod("inet_ntop", inet_ntop).with_signature(&INET_NTOP),
    MethodDef::staticmethod("getservbyname", getservbyname).with_signature(&GETSERVBYNAME),
    MethodDef::staticmethod("getprotobyname", getprotobyname).with_signature(&GETPROTOBYNAME),
    MethodDef::staticmethod("gethostbyname_ex", gethostbyname_ex).with_signature(&GETHOSTBYNAME),
    MethodDef::staticmethod("if_nameindex", if_nameindex).with_signature(&GETHOSTNAME),
];

static SOCKET_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some("socket(family=AF_INET, type=SOCK_STREAM, proto=0) -> socket object\nsocket(family=-1, type=-1, proto=-1, fileno=None) -> socket object\n\nOpen a socket of the given type."),
    subclassable: true,
    new: Some(socket_new),
    slots: &[NativeSlot::Repr(socket_repr)],
    methods: &[
        MethodDef::method("__init__", socket_init),
        MethodDef::method("_accept", socket_accept).with_signature(&ACCEPT),
        MethodDef::method("bind", socket_bind).with_signature(&BIND),
        MethodDef::method("close", socket_close).with_signature(&CLOSE),
        MethodDef::method("connect", socket_connect).with_signature(&CONNECT),
        MethodDef::method("connect_ex", socket_connect_ex).with_signature(&CONNECT_EX),
        MethodDef::method("detach", socket_detach).with_signature(&DETACH),
        MethodDef::method("fileno", socket_fileno).with_signature(&FILENO),
        MethodDef::method("getpeername", socket_getpeername).with_signature(&GETPEERNAME),
        MethodDef::method("getsockname", socket_getsockname).with_signature(&GETSOCKNAME),
        MethodDef::method("getsockopt", socket_getsockopt).with_signature(&GETSOCKOPT),
        MethodDef::method("setsockopt", socket_setsockopt).with_signature(&SETSOCKOPT),
        MethodDef::method("listen", socket_listen).with_signature(&LISTEN),
        MethodDef::method("recv", socket_recv).with_signature(&RECV),
        MethodDef::method("recv_into", socket_recv_into).with_signature(&RECV_INTO),
        MethodDef::method("recvfrom", socket_recvfrom).with_signature(&RECVFROM),
        MethodDef::method("send", socket_send).with_signature(&SEND),
        MethodDef::method("sendall", socket_sendall).with_signature(&SENDALL),
        MethodDef::method("sendto", socket_sendto).with_signature(&SENDTO),
        MethodDef::method("setblocking", socket_setblocking).with_signature(&SETBLOCKING),
        MethodDef::method("getblocking", socket_getblocking).with_signature(&GETBLOCKING),
        MethodDef::method("settimeout", socket_settimeout).with_signature(&SETTIMEOUT),
        MethodDef::method("gettimeout", socket_gettimeout).with_signature(&GETTIMEOUT),
        MethodDef::method("shutdown", socket_shutdown).with_signature(&SHUTDOWN),
    ],
    getsets: &[
        GetSet {
            name: "family",
            get: |_vm, v| Ok(Value::Int(sock_of(v).map_or(-1, |s| s.family.get()) as i64)),
            set: None,
        },
        GetSet {
            name: "type",
            get: |_vm, v| Ok(Value::Int(sock_of(v).map_or(-1, |s| s.kind.get()) as i64)),
            set: None,
        },
        GetSet {
            name: "proto",
            get: |_vm, v| Ok(Value::Int(sock_of(v).map_or(-1, |s| s.proto.get()) as i64)),
            set: None,
        },
        GetSet {
            name: "timeout",
            get: |_vm, v| Ok(timeout_value(sock_of(v).and_then(|s| s.timeout.get()))),
            set: None,
        },
    ],
    ..NativeTypeSpec::new("socket", "_socket")
};

// ---------------------------------------------------------------------------
// Module state and set-up

/// The module's exception classes, the socket class, and the default timeout.
#[derive(Default)]
struct SocketState {
    gaierror: std::cell::RefCell<Option<ObjRef>>,
    socket_type: std::cell::RefCell<Option<ObjRef>>,
    default_timeout: Cell<Option<f64>>,
}

fn state(vm: &mut Vm) -> std::rc::Rc<SocketState> {
    if let Some(state) = vm.module_state::<SocketState>() {
        return state;
    }
    vm.set_module_state(SocketState::default());
    vm.module_state::<SocketState>()
        .expect("the socket state was just set")
}

const CONSTANTS: &[(&str, i64)] = &[
    ("AF_UNSPEC", libc::AF_UNSPEC as i64),
    ("AF_INET", libc::AF_INET as i64),
    ("AF_INET6", libc::AF_INET6 as i64),
    ("AF_UNIX", libc::AF_UNIX as i64),
    ("AF_NETLINK", libc::AF_NETLINK as i64),
    ("AF_PACKET", libc::AF_PACKET as i64),
    ("SOCK_STREAM", libc::SOCK_STREAM as i64),
    ("SOCK_DGRAM", libc::SOCK_DGRAM as i64),
    ("SOCK_RAW", libc::SOCK_RAW as i64),
    ("SOCK_RDM", libc::SOCK_RDM as i64),
    ("SOCK_SEQPACKET", libc::SOCK_SEQPACKET as i64),
    ("SOCK_NONBLOCK", libc::SOCK_NONBLOCK as i64),
    ("SOCK_CLOEXEC", libc::SOCK_CLOEXEC as i64),
    ("SOL_SOCKET", libc::SOL_SOCKET as i64),
    ("SOL_IP", libc::SOL_IP as i64),
    ("SOL_TCP", libc::SOL_TCP as i64),
    ("SOL_UDP", libc::SOL_UDP as i64),
    ("SO_DEBUG", libc::SO_DEBUG as i64),
    ("SO_ACCEPTCONN", libc::SO_ACCEPTCONN as i64),
    ("SO_REUSEADDR", libc::SO_REUSEADDR as i64),
    ("SO_REUSEPORT", libc::SO_REUSEPORT as i64),
    ("SO_KEEPALIVE", libc::SO_KEEPALIVE as i64),
    ("SO_DONTROUTE", libc::SO_DONTROUTE as i64),
    ("SO_BROADCAST", libc::SO_BROADCAST as i64),
    ("SO_LINGER", libc::SO_LINGER as i64),
    ("SO_OOBINLINE", libc::SO_OOBINLINE as i64),
    ("SO_SNDBUF", libc::SO_SNDBUF as i64),
    ("SO_RCVBUF", libc::SO_RCVBUF as i64),
    ("SO_SNDLOWAT", libc::SO_SNDLOWAT as i64),
    ("SO_RCVLOWAT", libc::SO_RCVLOWAT as i64),
    ("SO_SNDTIMEO", libc::SO_SNDTIMEO as i64),
    ("SO_RCVTIMEO", libc::SO_RCVTIMEO as i64),
    ("SO_ERROR", libc::SO_ERROR as i64),
    ("SO_TYPE", libc::SO_TYPE as i64),
    ("SO_PASSCRED", libc::SO_PASSCRED as i64),
    ("SO_PEERCRED", libc::SO_PEERCRED as i64),
    ("SO_DOMAIN", libc::SO_DOMAIN as i64),
    ("SO_PROTOCOL", libc::SO_PROTOCOL as i64),
    ("SOMAXCONN", 4096),
    ("SCM_RIGHTS", libc::SCM_RIGHTS as i64),
    ("SCM_CREDENTIALS", libc::SCM_CREDENTIALS as i64),
    ("MSG_OOB", libc::MSG_OOB as i64),
    ("MSG_PEEK", libc::MSG_PEEK as i64),
    ("MSG_DONTROUTE", libc::MSG_DONTROUTE as i64),
    ("MSG_DONTWAIT", libc::MSG_DONTWAIT as i64),
    ("MSG_EOR", libc::MSG_EOR as i64),
    ("MSG_TRUNC", libc::MSG_TRUNC as i64),
    ("MSG_CTRUNC", libc::MSG_CTRUNC as i64),
    ("MSG_WAITALL", libc::MSG_WAITALL as i64),
    ("MSG_NOSIGNAL", libc::MSG_NOSIGNAL as i64),
    ("MSG_CMSG_CLOEXEC", libc::MSG_CMSG_CLOEXEC as i64),
    ("MSG_ERRQUEUE", libc::MSG_ERRQUEUE as i64),
    ("MSG_CONFIRM", libc::MSG_CONFIRM as i64),
    ("MSG_MORE", libc::MSG_MORE as i64),
    ("IPPROTO_IP", libc::IPPROTO_IP as i64),
    ("IPPROTO_TCP", libc::IPPROTO_TCP as i64),
    ("IPPROTO_UDP", libc::IPPROTO_UDP as i64),
    ("IPPROTO_IPV6", libc::IPPROTO_IPV6 as i64),
    ("IPPROTO_ICMP", libc::IPPROTO_ICMP as i64),
    ("IPPROTO_ICMPV6", libc::IPPROTO_ICMPV6 as i64),
    ("IPPROTO_RAW", libc::IPPROTO_RAW as i64),
    ("IP_TOS", libc::IP_TOS as i64),
    ("IP_TTL", libc::IP_TTL as i64),
    ("IP_MULTICAST_TTL", libc::IP_MULTICAST_TTL as i64),
    ("IP_MULTICAST_LOOP", libc::IP_MULTICAST_LOOP as i64),
    ("IP_ADD_MEMBERSHIP", libc::IP_ADD_MEMBERSHIP as i64),
    ("IP_DROP_MEMBERSHIP", libc::IP_DROP_MEMBERSHIP as i64),
    ("IPV6_V6ONLY", libc::IPV6_V6ONLY as i64),
    ("IPV6_UNICAST_HOPS", libc::IPV6_UNICAST_HOPS as i64),
    ("IPV6_JOIN_GROUP", libc::IPV6_ADD_MEMBERSHIP as i64),
    ("IPV6_LEAVE_GROUP", libc::IPV6_DROP_MEMBERSHIP as i64),
    ("TCP_NODELAY", libc::TCP_NODELAY as i64),
    ("TCP_MAXSEG", libc::TCP_MAXSEG as i64),
    ("TCP_KEEPIDLE", libc::TCP_KEEPIDLE as i64),
    ("TCP_KEEPINTVL", libc::TCP_KEEPINTVL as i64),
    ("TCP_KEEPCNT", libc::TCP_KEEPCNT as i64),
    ("TCP_QUICKACK", libc::TCP_QUICKACK as i64),
    ("TCP_CORK", libc::TCP_CORK as i64),
    ("TCP_FASTOPEN", libc::TCP_FASTOPEN as i64),
    ("TCP_USER_TIMEOUT", libc::TCP_USER_TIMEOUT as i64),
    ("SHUT_RD", libc::SHUT_RD as i64),
    ("SHUT_WR", libc::SHUT_WR as i64),
    ("SHUT_RDWR", libc::SHUT_RDWR as i64),
    ("INADDR_ANY", 0),
    ("INADDR_BROADCAST", 0xffff_ffff),
    ("INADDR_LOOPBACK", 0x7f00_0001),
    ("INADDR_NONE", 0xffff_ffff),
    ("AI_PASSIVE", libc::AI_PASSIVE as i64),
    ("AI_CANONNAME", libc::AI_CANONNAME as i64),
    ("AI_NUMERICHOST", libc::AI_NUMERICHOST as i64),
    ("AI_NUMERICSERV", libc::AI_NUMERICSERV as i64),
    ("AI_V4MAPPED", libc::AI_V4MAPPED as i64),
    ("AI_ALL", libc::AI_ALL as i64),
    ("AI_ADDRCONFIG", libc::AI_ADDRCONFIG as i64),
    ("NI_NUMERICHOST", libc::NI_NUMERICHOST as i64),
    ("NI_NUMERICSERV", libc::NI_NUMERICSERV as i64),
    ("NI_NOFQDN", libc::NI_NOFQDN as i64),
    ("NI_NAMEREQD", libc::NI_NAMEREQD as i64),
    ("NI_DGRAM", libc::NI_DGRAM as i64),
    ("NI_MAXHOST", 1025),
    ("NI_MAXSERV", 32),
    ("EAI_AGAIN", libc::EAI_AGAIN as i64),
    ("EAI_BADFLAGS", libc::EAI_BADFLAGS as i64),
    ("EAI_FAIL", libc::EAI_FAIL as i64),
    ("EAI_FAMILY", libc::EAI_FAMILY as i64),
    ("EAI_MEMORY", libc::EAI_MEMORY as i64),
    ("EAI_NONAME", libc::EAI_NONAME as i64),
    ("EAI_SERVICE", libc::EAI_SERVICE as i64),
    ("EAI_SOCKTYPE", libc::EAI_SOCKTYPE as i64),
    ("EAI_SYSTEM", libc::EAI_SYSTEM as i64),
    ("EAI_OVERFLOW", libc::EAI_OVERFLOW as i64),
];

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_socket");
    let d = module_dict(&m).expect("a module has a dict");
    add_module_functions(vm, &d, "_socket", &FUNCTIONS);
    for &(name, value) in CONSTANTS {
        dict::dict_set_str(vm, &d, name, Value::Int(value));
    }
    dict::dict_set_str(vm, &d, "has_ipv6", Value::Bool(true));
    let oserror = vm.exc(Exc::OSError).clone();
    dict::dict_set_str(vm, &d, "error", Value::Obj(oserror));
    let timeout = vm.exc(Exc::TimeoutError).clone();
    dict::dict_set_str(vm, &d, "timeout", Value::Obj(timeout));
    let herror = crate::new_exception_class(vm, "socket", "herror", Exc::OSError)?;
    dict::dict_set_str(vm, &d, "herror", Value::Obj(herror));
    let gaierror = crate::new_exception_class(vm, "socket", "gaierror", Exc::OSError)?;
    dict::dict_set_str(vm, &d, "gaierror", Value::Obj(gaierror.clone()));
    let socket_type = new_native_type(vm, &SOCKET_TYPE, None);
    dict::dict_set_str(vm, &d, "socket", Value::Obj(socket_type.clone()));
    dict::dict_set_str(vm, &d, "SocketType", Value::Obj(socket_type.clone()));
    let state = state(vm);
    *state.gaierror.borrow_mut() = Some(gaierror);
    *state.socket_type.borrow_mut() = Some(socket_type);
    Ok(m)
}

// ---------------------------------------------------------------------------
// Socket objects

/// A socket: its descriptor (-1 once closed or detached), what it was made as, and
/// its timeout (`None` blocks; 0 never waits).
struct Socket {
    fd: Cell<i32>,
    family: Cell<i32>,
    kind: Cell<i32>,
    proto: Cell<i32>,
    timeout: Cell<Option<f64>>,
}

impl NativeData for Socket {
    fn holds_values(&self) -> bool {
        false
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        let fd = self.fd.replace(-1);
        if fd >= 0 {
            // SAFETY: the descriptor is this socket's own and closed once.
            unsafe { libc::close(fd) };
        }
    }
}

fn sock_of(v: &Value) -> Option<&Socket> {
    native_data::<Socket>(v)
}

fn this_socket<'a>(vm: &mut Vm, this: &'a Option<Value>) -> PyResult<&'a Socket> {
    match this.as_ref().and_then(sock_of) {
        Some(s) => Ok(s),
        None => Err(vm.new_type_error("descriptor requires a '_socket.socket' object".to_owned())),
    }
}

fn timeout_value(timeout: Option<f64>) -> Value {
    timeout.map_or(Value::None, Value::Float)
}

fn socket_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Value::Obj(class)) = args.pos.first().cloned() else {
        return Err(vm.new_type_error("socket.__new__(X): X is not a type object".to_owned()));
    };
    let socket = Socket {
        fd: Cell::new(-1),
        family: Cell::new(libc::AF_INET),
        kind: Cell::new(libc::SOCK_STREAM),
        proto: Cell::new(0),
        timeout: Cell::new(None),
    };
    Ok(new_native_object(vm, &class, socket))
}

fn os_error(vm: &mut Vm) -> PyErr {
    krait_vm::oserror::last_os_error(vm)
}

fn errno_error(vm: &mut Vm, errno: i32) -> PyErr {
    krait_vm::oserror::os_error_no_filename(vm, &std::io::Error::from_raw_os_error(errno))
}

fn last_errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

fn int_arg(vm: &mut Vm, value: Option<Value>, default: i64) -> PyResult<i64> {
    match value {
        None => Ok(default),
        Some(v) => {
            let v = abstract_::index(vm, &v)?;
            Ok(krait_vm::objects::int::as_i64(&v).unwrap_or(default))
        }
    }
}

/// Sets or clears `O_NONBLOCK`.
fn set_nonblocking(fd: i32, nonblocking: bool) -> bool {
    // SAFETY: get and set commands only read and change the descriptor's flags.
    unsafe {
        let flags = libc::fcntl(fd, libc::F_GETFL);
        if flags < 0 {
            return false;
        }
        let flags = if nonblocking {
            flags | libc::O_NONBLOCK
        } else {
            flags & !libc::O_NONBLOCK
        };
        libc::fcntl(fd, libc::F_SETFL, flags) >= 0
    }
}

/// Gives a socket its timeout, making its descriptor non-blocking unless it blocks.
fn apply_timeout(socket: &Socket, timeout: Option<f64>) {
    socket.timeout.set(timeout);
    let fd = socket.fd.get();
    if fd >= 0 {
        set_nonblocking(fd, timeout.is_some());
    }
}

fn socket_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [family, kind, proto, fileno]) = INIT.bind(vm, args)?;
    let socket = this_socket(vm, &this)?;
    let mut family = int_arg(vm, family, -1)? as i32;
    let mut kind = int_arg(vm, kind, -1)? as i32;
    let mut proto = int_arg(vm, proto, -1)? as i32;
    let fd = match fileno {
        Some(v) if !v.is_none() => {
            let fd = int_arg(vm, Some(v), -1)?;
            if fd < 0 {
                return Err(vm.new_value_error("negative file descriptor".to_owned()));
            }
            let fd = fd as i32;
            // A descriptor given: what it is comes from the system where not said.
            for (option, slot) in [
                (libc::SO_DOMAIN, &mut family),
                (libc::SO_TYPE, &mut kind),
                (libc::SO_PROTOCOL, &mut proto),
            ] {
                if *slot == -1 {
                    match get_int_option(fd, libc::SOL_SOCKET, option) {
                        Some(value) => *slot = value,
                        None => return Err(os_error(vm)),
                    }
                }
            }
            fd
        }
        _ => {
            if family == -1 {
                family = libc::AF_INET;
            }
            if kind == -1 {
                kind = libc::SOCK_STREAM;
            }
            if proto == -1 {
                proto = 0;
            }
            // SAFETY: `socket` has no memory-safety preconditions.
            let fd = unsafe { libc::socket(family, kind | libc::SOCK_CLOEXEC, proto) };
            if fd < 0 {
                return Err(os_error(vm));
            }
            fd
        }
    };
    let old = socket.fd.replace(fd);
    if old >= 0 && old != fd {
        // SAFETY: the socket's previous descriptor is its own.
        unsafe { libc::close(old) };
    }
    socket.family.set(family);
    socket
        .kind
        .set(kind & !(libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC));
    socket.proto.set(proto);
    let default = if kind & libc::SOCK_NONBLOCK != 0 {
        Some(0.0)
    } else {
        state(vm).default_timeout.get()
    };
    apply_timeout(socket, default);
    Ok(Value::None)
}

fn get_int_option(fd: i32, level: i32, option: i32) -> Option<i32> {
    let mut value: libc::c_int = 0;
    let mut len = std::mem::size_of::<libc::c_int>() as libc::socklen_t;
    // SAFETY: `value` and `len` are live and sized for an int option.
    let r = unsafe {
        libc::getsockopt(
            fd,
            level,
            option,
            (&mut value as *mut libc::c_int).cast(),
            &mut len,
        )
    };
    (r == 0).then_some(value)
}

/// The descriptor of an open socket; EBADF's OSError once closed.
fn open_fd(vm: &mut Vm, socket: &Socket) -> PyResult<i32> {
    match socket.fd.get() {
        fd if fd >= 0 => Ok(fd),
        _ => Err(errno_error(vm, libc::EBADF)),
    }
}

/// Runs a socket operation as CPython's `sock_call`: with a timeout, waits for the
/// descriptor to be ready first and gives up with `TimeoutError`; on EINTR, runs
/// the signal handlers and tries again. `op` returns -1 and sets errno on failure.
fn sock_call(
    vm: &mut Vm,
    socket: &Socket,
    writing: bool,
    mut op: impl FnMut(i32) -> isize,
) -> PyResult<isize> {
    let fd = open_fd(vm, socket)?;
    let timeout = socket.timeout.get();
    let deadline = timeout
        .filter(|t| *t > 0.0)
        .map(|t| std::time::Instant::now() + std::time::Duration::from_secs_f64(t));
    loop {
        if let Some(deadline) = deadline {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let ms = (left.as_secs_f64() * 1000.0).ceil() as i32;
            let mut poll = libc::pollfd {
                fd,
                events: if writing { libc::POLLOUT } else { libc::POLLIN },
                revents: 0,
            };
            // SAFETY: one live pollfd.
            let ready = unsafe { libc::poll(&mut poll, 1, ms) };
            if ready < 0 {
                if last_errno() == libc::EINTR {
                    vm.handle_signals()?;
                    continue;
                }
                return Err(os_error(vm));
            }
            if ready == 0 {
                return Err(vm.new_error(Exc::TimeoutError, "timed out"));
            }
        }
        let result = op(fd);
        if result >= 0 {
            return Ok(result);
        }
        match last_errno() {
            libc::EINTR => vm.handle_signals()?,
            libc::EAGAIN if deadline.is_some() => continue,
            e => return Err(errno_error(vm, e)),
        }
    }
}

// ---------------------------------------------------------------------------
// Addresses

/// A socket address in the system's form.
struct SockAddr {
    storage: libc::sockaddr_storage,
    len: libc::socklen_t,
}

impl SockAddr {
    fn empty() -> SockAddr {
        SockAddr {
            // SAFETY: all-zero is a valid sockaddr_storage.
            storage: unsafe { std::mem::zeroed() },
            len: std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t,
        }
    }

    fn as_ptr(&self) -> *const libc::sockaddr {
        (&self.storage as *const libc::sockaddr_storage).cast()
    }

    fn as_mut_ptr(&mut self) -> *mut libc::sockaddr {
        (&mut self.storage as *mut libc::sockaddr_storage).cast()
    }
}

fn gaierror(vm: &mut Vm, code: i32) -> PyErr {
    // SAFETY: `gai_strerror` returns a static NUL-terminated message.
    let text = unsafe { CStr::from_ptr(libc::gai_strerror(code)) }
        .to_string_lossy()
        .into_owned();
    let class = state(vm).gaierror.borrow().clone();
    let Some(class) = class else {
        return vm.new_error(Exc::OSError, text);
    };
    let args = vec![Value::Int(code as i64), vm.new_str(text)];
    match vm.call1(&Value::Obj(class), args) {
        Ok(Value::Obj(exc)) => PyErr(exc),
        Ok(_) => vm.new_error(Exc::OSError, "getaddrinfo failed"),
        Err(e) => e,
    }
}

/// The host part of an address tuple as text ('' for any, '<broadcast>').
fn host_text(vm: &mut Vm, host: &Value) -> PyResult<String> {
    if let Some(text) = abstract_::value_as_str(host) {
        return Ok(text.to_owned());
    }
    if let Some(bytes) = krait_vm::objects::bytes::as_bytes(host) {
        return Ok(String::from_utf8_lossy(&bytes).into_owned());
    }
    let given = vm.type_name_of(host);
    Err(vm.new_type_error(format!("str, bytes or bytearray expected, not {given}")))
}

/// Resolves `host` for `family` to an address (numeric forms without a lookup).
fn resolve(vm: &mut Vm, host: &str, family: i32) -> PyResult<SockAddr> {
    let host = match host {
        "" if family == libc::AF_INET6 => "::",
        "" => "0.0.0.0",
        "<broadcast>" => "255.255.255.255",
        other => other,
    };
    let c_host = CString::new(host)
        .map_err(|_| vm.new_type_error("host name must not contain null character".to_owned()))?;
    // SAFETY: zeroed hints are valid; getaddrinfo fills `result`, freed below.
    let mut hints: libc::addrinfo = unsafe { std::mem::zeroed() };
    hints.ai_family = family;
    let mut result: *mut libc::addrinfo = std::ptr::null_mut();
    let code = unsafe { libc::getaddrinfo(c_host.as_ptr(), std::ptr::null(), &hints, &mut result) };
    if code != 0 {
        return Err(gaierror(vm, code));
    }
    let mut addr = SockAddr::empty();
    // SAFETY: on success `result` is a non-empty list whose first address has
    // `ai_addrlen` bytes, which fit a sockaddr_storage.
    unsafe {
        let first = &*result;
        let len = (first.ai_addrlen as usize).min(std::mem::size_of::<libc::sockaddr_storage>());
        std::ptr::copy_nonoverlapping(
            first.ai_addr.cast::<u8>(),
            addr.as_mut_ptr().cast::<u8>(),
            len,
        );
        addr.len = len as libc::socklen_t;
        libc::freeaddrinfo(result);
    }
    Ok(addr)
}

/// A Python address for `family` in the system's form.
fn parse_address(vm: &mut Vm, family: i32, address: &Value, caller: &str) -> PyResult<SockAddr> {
    match family {
        libc::AF_UNIX => {
            let path = match krait_vm::objects::bytes::as_bytes(address) {
                Some(bytes) => bytes,
                None => match abstract_::value_as_str(address) {
                    Some(text) => text.as_bytes().to_vec(),
                    None => {
                        let os = krait_vm::import::import_full(vm, "os")?;
                        let encoded = vm.call_method(&os, "fsencode", vec![address.clone()])?;
                        krait_vm::objects::bytes::as_bytes(&encoded).unwrap_or_default()
                    }
                },
            };
            let mut addr = SockAddr::empty();
            // SAFETY: the storage is large enough for a sockaddr_un.
            let un = unsafe { &mut *(addr.as_mut_ptr() as *mut libc::sockaddr_un) };
            if path.len() >= un.sun_path.len() {
                return Err(vm.new_error(Exc::OSError, "AF_UNIX path too long"));
            }
            un.sun_family = libc::AF_UNIX as libc::sa_family_t;
            for (slot, byte) in un.sun_path.iter_mut().zip(&path) {
                *slot = *byte as libc::c_char;
            }
            let base = std::mem::size_of::<libc::sa_family_t>();
            // An abstract name (leading NUL) counts exactly; a path ends with NUL.
            let extra = usize::from(path.first() != Some(&0));
            addr.len = (base + path.len() + extra) as libc::socklen_t;
            Ok(addr)
        }
        libc::AF_INET | libc::AF_INET6 => {
            let items = abstract_::tuple_items(address).ok_or_else(|| {
                let kind = if family == libc::AF_INET {
                    "AF_INET"
                } else {
                    "AF_INET6"
                };
                let given = vm.type_name_of(address);
                vm.new_type_error(format!(
                    "{caller}(): {kind} address must be tuple, not {given}"
                ))
            })?;
            let wanted = if family == libc::AF_INET {
                2..=2
            } else {
                2..=4
            };
            if !wanted.contains(&items.len()) {
                return Err(vm.new_type_error(if family == libc::AF_INET {
                    "AF_INET address must be a pair (host, port)".to_owned()
                } else {
                    "AF_INET6 address must be a tuple (host, port[, flowinfo[, scopeid]])"
                        .to_owned()
                }));
            }
            let host = host_text(vm, &items[0])?;
            let port = match krait_vm::objects::int::as_i64(&items[1]) {
                Some(p) => p,
                None => {
                    let given = vm.type_name_of(&items[1]);
                    return Err(vm.new_type_error(format!(
                        "'{given}' object cannot be interpreted as an integer"
                    )));
                }
            };
            if !(0..=65535).contains(&port) {
                return Err(vm.new_error(
                    Exc::OverflowError,
                    format!("{caller}(): port must be 0-65535."),
                ));
            }
            let mut addr = resolve(vm, &host, family)?;
            // SAFETY: `resolve` filled an address of `family`, whose port field
            // sits where these casts put it.
            unsafe {
                if family == libc::AF_INET {
                    let v4 = &mut *(addr.as_mut_ptr() as *mut libc::sockaddr_in);
                    v4.sin_port = (port as u16).to_be();
                } else {
                    let v6 = &mut *(addr.as_mut_ptr() as *mut libc::sockaddr_in6);
                    v6.sin6_port = (port as u16).to_be();
                    if let Some(flow) = items.get(2).and_then(krait_vm::objects::int::as_i64) {
                        v6.sin6_flowinfo = (flow as u32).to_be();
                    }
                    if let Some(scope) = items.get(3).and_then(krait_vm::objects::int::as_i64) {
                        v6.sin6_scope_id = scope as u32;
                    }
                }
            }
            Ok(addr)
        }
        _ => Err(vm.new_error(Exc::OSError, format!("{caller}(): bad family"))),
    }
}

/// A Python address from the system's form.
fn address_value(vm: &mut Vm, addr: &SockAddr) -> Value {
    if addr.len == 0 {
        return Value::None;
    }
    match addr.storage.ss_family as i32 {
        libc::AF_INET => {
            // SAFETY: the family says the storage holds a sockaddr_in.
            let v4 = unsafe { &*(addr.as_ptr() as *const libc::sockaddr_in) };
            let ip = std::net::Ipv4Addr::from(u32::from_be(v4.sin_addr.s_addr));
            let host = vm.new_str(ip.to_string());
            vm.new_tuple(vec![host, Value::Int(u16::from_be(v4.sin_port) as i64)])
        }
        libc::AF_INET6 => {
            // SAFETY: the family says the storage holds a sockaddr_in6.
            let v6 = unsafe { &*(addr.as_ptr() as *const libc::sockaddr_in6) };
            let ip = std::net::Ipv6Addr::from(v6.sin6_addr.s6_addr);
            let host = vm.new_str(ip.to_string());
            vm.new_tuple(vec![
                host,
                Value::Int(u16::from_be(v6.sin6_port) as i64),
                Value::Int(u32::from_be(v6.sin6_flowinfo) as i64),
                Value::Int(v6.sin6_scope_id as i64),
            ])
        }
        libc::AF_UNIX => {
            // SAFETY: the family says the storage holds a sockaddr_un.
            let un = unsafe { &*(addr.as_ptr() as *const libc::sockaddr_un) };
            let base = std::mem::size_of::<libc::sa_family_t>();
            let len = (addr.len as usize)
                .saturating_sub(base)
                .min(un.sun_path.len());
            let path: Vec<u8> = un.sun_path[..len].iter().map(|&c| c as u8).collect();
            if path.first() == Some(&0) {
                // An abstract name is shown as bytes, as CPython does.
                return vm.new_bytes(path);
            }
            let end = path.iter().position(|&b| b == 0).unwrap_or(path.len());
            vm.new_str(String::from_utf8_lossy(&path[..end]).into_owned())
        }
        family => {
            let family = Value::Int(family as i64);
            let data = vm.new_bytes(Vec::new());
            vm.new_tuple(vec![family, data])
        }
    }
}

// ---------------------------------------------------------------------------
// Socket methods

fn socket_repr(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let this = Some(this.clone());
    let s = this_socket(vm, &this)?;
    let text = format!(
        "<socket object, fd={}, family={}, type={}, proto={}>",
        s.fd.get(),
        s.family.get(),
        s.kind.get(),
        s.proto.get()
    );
    Ok(vm.new_str(text))
}

fn socket_accept(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = ACCEPT.bind(vm, args)?;
    let s = this_socket(vm, &this)?;
    let mut addr = SockAddr::empty();
    let fd = sock_call(vm, s, false, |fd| {
        addr.len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
        // SAFETY: `addr` has room for any address and `len` says so.
        unsafe { libc::accept4(fd, addr.as_mut_ptr(), &mut addr.len, libc::SOCK_CLOEXEC) as isize }
    })?;
    let address = address_value(vm, &addr);
    Ok(vm.new_tuple(vec![Value::Int(fd as i64), address]))
}

fn socket_bind(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [address]) = BIND.bind(vm, args)?;
    let s = this_socket(vm, &this)?;
    let addr = parse_address(vm, s.family.get(), &address.unwrap_or(Value::None), "bind")?;
    let fd = open_fd(vm, s)?;
    // SAFETY: `addr` holds `addr.len` bytes of address.
    if unsafe { libc::bind(fd, addr.as_ptr(), addr.len) } != 0 {
        return Err(os_error(vm));
    }
    Ok(Value::None)
}

fn socket_close(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = CLOSE.bind(vm, args)?;
    let s = this_socket(vm, &this)?;
    let fd = s.fd.replace(-1);
    // SAFETY: the socket's own descriptor, closed once; ECONNRESET is ignored as
    // CPython does.
    if fd >= 0 && unsafe { libc::close(fd) } != 0 && last_errno() != libc::ECONNRESET {
        return Err(os_error(vm));
    }
    Ok(Value::None)
}

/// Connects, waiting for a non-blocking connect to finish when there is a timeout;
/// the errno on failure.
fn connect(vm: &mut Vm, s: &Socket, address: &Value, caller: &str) -> PyResult<i32> {
    let addr = parse_address(vm, s.family.get(), address, caller)?;
    let fd = open_fd(vm, s)?;
    loop {
        // SAFETY: `addr` holds `addr.len` bytes of address.
        if unsafe { libc::connect(fd, addr.as_ptr(), addr.len) } == 0 {
            return Ok(0);
        }
        match last_errno() {
            libc::EINTR => {
                vm.handle_signals()?;
                if s.timeout.get().is_none() {
                    // A blocking connect goes on in the background: wait for it.
                    return wait_connected(vm, s, fd);
                }
            }
            libc::EINPROGRESS if s.timeout.get().is_some_and(|t| t > 0.0) => {
                return wait_connected(vm, s, fd)
            }
            e => return Ok(e),
        }
    }
}

fn wait_connected(vm: &mut Vm, s: &Socket, fd: i32) -> PyResult<i32> {
    sock_call(vm, s, true, |_| 0)?;
    Ok(get_int_option(fd, libc::SOL_SOCKET, libc::SO_ERROR).unwrap_or(0))
}

fn socket_connect(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [address]) = CONNECT.bind(vm, args)?;
    let s = this_socket(vm, &this)?;
    match connect(vm, s, &address.unwrap_or(Value::None), "connect")? {
        0 => Ok(Value::None),
        e => Err(errno_error(vm, e)),
    }
}

fn socket_connect_ex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [address]) = CONNECT_EX.bind(vm, args)?;
    let s = this_socket(vm, &this)?;
    let e = connect(vm, s, &address.unwrap_or(Value::None), "connect_ex")?;
    Ok(Value::Int(e as i64))
}

fn socket_detach(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = DETACH.bind(vm, args)?;
    let s = this_socket(vm, &this)?;
    Ok(Value::Int(s.fd.replace(-1) as i64))
}

fn socket_fileno(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = FILENO.bind(vm, args)?;
    let s = this_socket(vm, &this)?;
    Ok(Value::Int(s.fd.get() as i64))
}

fn socket_name(vm: &mut Vm, this: &Option<Value>, peer: bool) -> PyResult<Value> {
    let s = this_socket(vm, this)?;
    let fd = open_fd(vm, s)?;
    let mut addr = SockAddr::empty();
    // SAFETY: `addr` has room for any address and `len` says so.
    let r = unsafe {
        if peer {
            libc::getpeername(fd, addr.as_mut_ptr(), &mut addr.len)
        } else {
            libc::getsockname(fd, addr.as_mut_ptr(), &mut addr.len)
        }
    };
    if r != 0 {
        return Err(os_error(vm));
    }
    Ok(address_value(vm, &addr))
}

fn socket_getpeername(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = GETPEERNAME.bind(vm, args)?;
    socket_name(vm, &this, true)
}

fn socket_getsockname(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = GETSOCKNAME.bind(vm, args)?;
    socket_name(vm, &this, false)
}

fn socket_getsockopt(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [level, option, buflen]) = GETSOCKOPT.bind(vm, args)?;
    let s = this_socket(vm, &this)?;
    let level = int_arg(vm, level, 0)? as i32;
    let option = int_arg(vm, option, 0)? as i32;
    let buflen = int_arg(vm, buflen, 0)?;
    let fd = open_fd(vm, s)?;
    if buflen == 0 {
        return match get_int_option(fd, level, option) {
            Some(value) => Ok(Value::Int(value as i64)),
            None => Err(os_error(vm)),
        };
    }
    if !(1..=1024).contains(&buflen) {
        return Err(vm.new_error(Exc::OSError, "getsockopt buflen out of range"));
    }
    let mut buffer = vec![0u8; buflen as usize];
    let mut len = buflen as libc::socklen_t;
    // SAFETY: `buffer` has `len` bytes of room.
    if unsafe { libc::getsockopt(fd, level, option, buffer.as_mut_ptr().cast(), &mut len) } != 0 {
        return Err(os_error(vm));
    }
    buffer.truncate(len as usize);
    Ok(vm.new_bytes(buffer))
}

fn socket_setsockopt(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [level, option, value, optlen]) = SETSOCKOPT.bind(vm, args)?;
    let s = this_socket(vm, &this)?;
    let level = int_arg(vm, level, 0)? as i32;
    let option = int_arg(vm, option, 0)? as i32;
    let fd = open_fd(vm, s)?;
    let value = value.unwrap_or(Value::None);
    let r = if value.is_none() {
        let optlen = int_arg(vm, optlen, 0)? as libc::socklen_t;
        // SAFETY: a null value with a length is what the system call expects here.
        unsafe { libc::setsockopt(fd, level, option, std::ptr::null(), optlen) }
    } else if let Some(n) = krait_vm::objects::int::as_i64(&value) {
        let n = n as libc::c_int;
        // SAFETY: `n` is a live int of the size given.
        unsafe {
            libc::setsockopt(
                fd,
                level,
                option,
                (&n as *const libc::c_int).cast(),
                std::mem::size_of::<libc::c_int>() as libc::socklen_t,
            )
        }
    } else {
        let bytes = crate::bytes_like_arg(vm, &value)?;
        // SAFETY: `bytes` is a live buffer of the length given.
        unsafe {
            libc::setsockopt(
                fd,
                level,
                option,
                bytes.as_ptr().cast(),
                bytes.len() as libc::socklen_t,
            )
        }
    };
    if r != 0 {
        return Err(os_error(vm));
    }
    Ok(Value::None)
}

fn socket_listen(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [backlog]) = LISTEN.bind(vm, args)?;
    let s = this_socket(vm, &this)?;
    let backlog = int_arg(vm, backlog, 128)?.clamp(0, i32::MAX as i64) as i32;
    let fd = open_fd(vm, s)?;
    // SAFETY: `listen` has no memory-safety preconditions.
    if unsafe { libc::listen(fd, backlog) } != 0 {
        return Err(os_error(vm));
    }
    Ok(Value::None)
}

fn buffer_size(vm: &mut Vm, value: Option<Value>, what: &str) -> PyResult<usize> {
    let n = int_arg(vm, value, 0)?;
    if n < 0 {
        return Err(vm.new_value_error(format!("negative buffersize in {what}")));
    }
    Ok(n as usize)
}

fn socket_recv(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [bufsize, flags]) = RECV.bind(vm, args)?;
    let s = this_socket(vm, &this)?;
    let size = buffer_size(vm, bufsize, "recv")?;
    let flags = int_arg(vm, flags, 0)? as i32;
    let mut buffer = vec![0u8; size];
    let n = sock_call(vm, s, false, |fd| {
        // SAFETY: `buffer` has `size` bytes of room.
        unsafe { libc::recv(fd, buffer.as_mut_ptr().cast(), size, flags) }
    })?;
    buffer.truncate(n as usize);
    Ok(vm.new_bytes(buffer))
}

fn socket_recvfrom(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [bufsize, flags]) = RECVFROM.bind(vm, args)?;
    let s = this_socket(vm, &this)?;
    let size = buffer_size(vm, bufsize, "recvfrom")?;
    let flags = int_arg(vm, flags, 0)? as i32;
    let mut buffer = vec![0u8; size];
    let mut addr = SockAddr::empty();
    let n = sock_call(vm, s, false, |fd| {
        addr.len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
        // SAFETY: `buffer` and `addr` have the room their lengths say.
        unsafe {
            libc::recvfrom(
                fd,
                buffer.as_mut_ptr().cast(),
                size,
                flags,
                addr.as_mut_ptr(),
                &mut addr.len,
            )
        }
    })?;
    buffer.truncate(n as usize);
    let data = vm.new_bytes(buffer);
    let address = address_value(vm, &addr);
    Ok(vm.new_tuple(vec![data, address]))
}

fn socket_recv_into(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [buffer, nbytes, flags]) = RECV_INTO.bind(vm, args)?;
    let s = this_socket(vm, &this)?;
    let buffer = buffer.unwrap_or(Value::None);
    let target = crate::_io::WritableBuffer::of(vm, &buffer, "recv_into")?;
    let room = target.len();
    let wanted = match int_arg(vm, nbytes, 0)? {
        0 => room,
        n if n < 0 => return Err(vm.new_value_error("negative buffersize in recv_into".to_owned())),
        n if n as usize > room => {
            return Err(vm.new_value_error("buffer too small for requested bytes".to_owned()))
        }
        n => n as usize,
    };
    let flags = int_arg(vm, flags, 0)? as i32;
    let mut data = vec![0u8; wanted];
    let n = sock_call(vm, s, false, |fd| {
        // SAFETY: `data` has `wanted` bytes of room.
        unsafe { libc::recv(fd, data.as_mut_ptr().cast(), wanted, flags) }
    })? as usize;
    target.fill(&data[..n]);
    Ok(Value::Int(n as i64))
}

fn send_flags(vm: &mut Vm, flags: Option<Value>) -> PyResult<i32> {
    Ok(int_arg(vm, flags, 0)? as i32 | libc::MSG_NOSIGNAL)
}

fn socket_send(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [data, flags]) = SEND.bind(vm, args)?;
    let s = this_socket(vm, &this)?;
    let data = crate::bytes_like_arg(vm, &data.unwrap_or(Value::None))?;
    let flags = send_flags(vm, flags)?;
    let n = sock_call(vm, s, true, |fd| {
        // SAFETY: `data` is a live buffer of its length.
        unsafe { libc::send(fd, data.as_ptr().cast(), data.len(), flags) }
    })?;
    Ok(Value::Int(n as i64))
}

fn socket_sendall(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [data, flags]) = SENDALL.bind(vm, args)?;
    let s = this_socket(vm, &this)?;
    let data = crate::bytes_like_arg(vm, &data.unwrap_or(Value::None))?;
    let flags = send_flags(vm, flags)?;
    let mut sent = 0;
    while sent < data.len() {
        let rest = &data[sent..];
        let n = sock_call(vm, s, true, |fd| {
            // SAFETY: `rest` is a live buffer of its length.
            unsafe { libc::send(fd, rest.as_ptr().cast(), rest.len(), flags) }
        })?;
        sent += n as usize;
    }
    Ok(Value::None)
}

fn socket_sendto(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [data, second, third]) = SENDTO.bind(vm, args)?;
    let s = this_socket(vm, &this)?;
    let data = crate::bytes_like_arg(vm, &data.unwrap_or(Value::None))?;
    let (flags, address) = match third {
        Some(address) => (second, address),
        None => (None, second.unwrap_or(Value::None)),
    };
    let flags = send_flags(vm, flags)?;
    let addr = parse_address(vm, s.family.get(), &address, "sendto")?;
    let n = sock_call(vm, s, true, |fd| {
        // SAFETY: `data` and `addr` are live for the lengths given.
        unsafe {
            libc::sendto(
                fd,
                data.as_ptr().cast(),
                data.len(),
                flags,
                addr.as_ptr(),
                addr.len,
            )
        }
    })?;
    Ok(Value::Int(n as i64))
}

/// A timeout argument: None, or a non-negative number of seconds.
fn timeout_arg(vm: &mut Vm, value: &Value) -> PyResult<Option<f64>> {
    if value.is_none() {
        return Ok(None);
    }
    let Some(seconds) = krait_vm::objects::float::as_f64(value) else {
        return Err(vm.new_type_error("Timeout value must be int, float or None".to_owned()));
    };
    if seconds.is_nan() {
        return Err(vm.new_value_error("Invalid value NaN (not a number)".to_owned()));
    }
    if seconds < 0.0 {
        return Err(vm.new_value_error("Timeout value out of range".to_owned()));
    }
    Ok(Some(seconds))
}

fn socket_setblocking(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [flag]) = SETBLOCKING.bind(vm, args)?;
    let s = this_socket(vm, &this)?;
    let blocking = abstract_::is_true(vm, &flag.unwrap_or(Value::None))?;
    open_fd(vm, s)?;
    apply_timeout(s, if blocking { None } else { Some(0.0) });
    Ok(Value::None)
}

fn socket_getblocking(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = GETBLOCKING.bind(vm, args)?;
    let s = this_socket(vm, &this)?;
    open_fd(vm, s)?;
    Ok(Value::Bool(s.timeout.get() != Some(0.0)))
}

fn socket_settimeout(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [value]) = SETTIMEOUT.bind(vm, args)?;
    let s = this_socket(vm, &this)?;
    let timeout = timeout_arg(vm, &value.unwrap_or(Value::None))?;
    apply_timeout(s, timeout);
    Ok(Value::None)
}

fn socket_gettimeout(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = GETTIMEOUT.bind(vm, args)?;
    let s = this_socket(vm, &this)?;
    Ok(timeout_value(s.timeout.get()))
}

fn socket_shutdown(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [how]) = SHUTDOWN.bind(vm, args)?;
    let s = this_socket(vm, &this)?;
    let how = int_arg(vm, how, 0)? as i32;
    let fd = open_fd(vm, s)?;
    // SAFETY: `shutdown` has no memory-safety preconditions.
    if unsafe { libc::shutdown(fd, how) } != 0 {
        return Err(os_error(vm));
    }
    Ok(Value::None)
}

// ---------------------------------------------------------------------------
// Module functions

fn getaddrinfo(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [host, port, family, kind, proto, flags] = GETADDRINFO.bind_args(vm, args)?;
    let host = match host.unwrap_or(Value::None) {
        Value::None => None,
        h => {
            let text = host_text(vm, &h)?;
            // Non-ASCII names are looked up in their IDNA form, as CPython does.
            let text = if text.is_ascii() {
                text
            } else {
                let encoded = vm.call_method(&h, "encode", vec![vm.new_str("idna")])?;
                String::from_utf8_lossy(
                    &krait_vm::objects::bytes::as_bytes(&encoded).unwrap_or_default(),
                )
                .into_owned()
            };
            Some(
                CString::new(text)
                    .map_err(|_| vm.new_value_error("embedded null character".to_owned()))?,
            )
        }
    };
    let port = match port.unwrap_or(Value::None) {
        Value::None => None,
        p => {
            let text = match krait_vm::objects::int::as_i64(&p) {
                Some(n) => n.to_string(),
                None => match abstract_::value_as_str(&p) {
                    Some(s) => s.to_owned(),
                    None => match krait_vm::objects::bytes::as_bytes(&p) {
                        Some(b) => String::from_utf8_lossy(&b).into_owned(),
                        None => return Err(vm.new_error(Exc::OSError, "Int or String expected")),
                    },
                },
            };
            Some(
                CString::new(text)
                    .map_err(|_| vm.new_value_error("embedded null character".to_owned()))?,
            )
        }
    };
    // SAFETY: zeroed hints are valid; the results are read, then freed once.
    let mut hints: libc::addrinfo = unsafe { std::mem::zeroed() };
    hints.ai_family = int_arg(vm, family, 0)? as i32;
    hints.ai_socktype = int_arg(vm, kind, 0)? as i32;
    hints.ai_protocol = int_arg(vm, proto, 0)? as i32;
    hints.ai_flags = int_arg(vm, flags, 0)? as i32;
    let mut result: *mut libc::addrinfo = std::ptr::null_mut();
    let code = unsafe {
        libc::getaddrinfo(
            host.as_ref().map_or(std::ptr::null(), |h| h.as_ptr()),
            port.as_ref().map_or(std::ptr::null(), |p| p.as_ptr()),
            &hints,
            &mut result,
        )
    };
    if code != 0 {
        return Err(gaierror(vm, code));
    }
    let mut entries = Vec::new();
    let mut cursor = result;
    while !cursor.is_null() {
        // SAFETY: `cursor` walks the list getaddrinfo returned, not yet freed.
        let info = unsafe { &*cursor };
        let mut addr = SockAddr::empty();
        let len = (info.ai_addrlen as usize).min(std::mem::size_of::<libc::sockaddr_storage>());
        // SAFETY: `ai_addr` holds `ai_addrlen` bytes; the copy fits the storage.
        unsafe {
            std::ptr::copy_nonoverlapping(
                info.ai_addr.cast::<u8>(),
                addr.as_mut_ptr().cast::<u8>(),
                len,
            );
        }
        addr.len = len as libc::socklen_t;
        let canonical = if info.ai_canonname.is_null() {
            String::new()
        } else {
            // SAFETY: a non-null canonical name is a NUL-terminated string.
            unsafe { CStr::from_ptr(info.ai_canonname) }
                .to_string_lossy()
                .into_owned()
        };
        let canonical = vm.new_str(canonical);
        let address = address_value(vm, &addr);
        entries.push(vm.new_tuple(vec![
            Value::Int(info.ai_family as i64),
            Value::Int(info.ai_socktype as i64),
            Value::Int(info.ai_protocol as i64),
            canonical,
            address,
        ]));
        cursor = info.ai_next;
    }
    // SAFETY: the list from getaddrinfo, freed once.
    unsafe { libc::freeaddrinfo(result) };
    Ok(vm.new_list(entries))
}

fn gethostname(vm: &mut Vm, args: Args) -> PyResult<Value> {
    GETHOSTNAME.bind_args::<0>(vm, args)?;
    let mut buffer = [0u8; 1024];
    // SAFETY: the buffer has the room given.
    if unsafe { libc::gethostname(buffer.as_mut_ptr().cast(), buffer.len()) } != 0 {
        return Err(os_error(vm));
    }
    let end = buffer.iter().position(|&b| b == 0).unwrap_or(buffer.len());
    Ok(vm.new_str(String::from_utf8_lossy(&buffer[..end]).into_owned()))
}

fn gethostbyname(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [host] = GETHOSTBYNAME.bind_args(vm, args)?;
    let host = host_text(vm, &host.unwrap_or(Value::None))?;
    let addr = resolve(vm, &host, libc::AF_INET)?;
    let address = address_value(vm, &addr);
    Ok(abstract_::tuple_items(&address)
        .and_then(|items| items.into_iter().next())
        .unwrap_or(Value::None))
}

fn gethostbyname_ex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [host] = GETHOSTBYNAME.bind_args(vm, args)?;
    let name = host.clone().unwrap_or(Value::None);
    let ip = gethostbyname(vm, Args::new(vec![name.clone()]))?;
    let aliases = vm.new_list(Vec::new());
    let ips = vm.new_list(vec![ip]);
    Ok(vm.new_tuple(vec![name, aliases, ips]))
}

fn if_nameindex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    GETHOSTNAME.bind_args::<0>(vm, args)?;
    // SAFETY: the list from if_nameindex ends with a zero entry and is freed once.
    let list = unsafe { libc::if_nameindex() };
    if list.is_null() {
        return Err(os_error(vm));
    }
    let mut entries = Vec::new();
    let mut cursor = list;
    unsafe {
        while (*cursor).if_index != 0 {
            let name = CStr::from_ptr((*cursor).if_name)
                .to_string_lossy()
                .into_owned();
            let name = vm.new_str(name);
            entries.push(vm.new_tuple(vec![Value::Int((*cursor).if_index as i64), name]));
            cursor = cursor.add(1);
        }
        libc::if_freenameindex(list);
    }
    Ok(vm.new_list(entries))
}

/// A new `_socket.socket` for a descriptor the system made.
fn socket_for_fd(vm: &mut Vm, fd: i32, family: i32, kind: i32, proto: i32) -> PyResult<Value> {
    let class = state(vm).socket_type.borrow().clone();
    let Some(class) = class else {
        return Err(vm.new_runtime_error("_socket is not initialised".to_owned()));
    };
    let socket = Socket {
        fd: Cell::new(fd),
        family: Cell::new(family),
        kind: Cell::new(kind),
        proto: Cell::new(proto),
        timeout: Cell::new(None),
    };
    let default = state(vm).default_timeout.get();
    apply_timeout(&socket, default);
    Ok(new_native_object(vm, &class, socket))
}

fn socketpair(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [family, kind, proto] = SOCKETPAIR.bind_args(vm, args)?;
    let family = int_arg(vm, family, libc::AF_UNIX as i64)? as i32;
    let kind = int_arg(vm, kind, libc::SOCK_STREAM as i64)? as i32;
    let proto = int_arg(vm, proto, 0)? as i32;
    let mut fds = [0i32; 2];
    // SAFETY: `fds` has room for the two descriptors.
    if unsafe { libc::socketpair(family, kind | libc::SOCK_CLOEXEC, proto, fds.as_mut_ptr()) } != 0
    {
        return Err(os_error(vm));
    }
    let a = socket_for_fd(vm, fds[0], family, kind, proto)?;
    let b = socket_for_fd(vm, fds[1], family, kind, proto)?;
    Ok(vm.new_tuple(vec![a, b]))
}

fn getdefaulttimeout(vm: &mut Vm, args: Args) -> PyResult<Value> {
    GETDEFAULTTIMEOUT.bind_args::<0>(vm, args)?;
    Ok(timeout_value(state(vm).default_timeout.get()))
}

fn setdefaulttimeout(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [timeout] = SETDEFAULTTIMEOUT.bind_args(vm, args)?;
    let timeout = timeout_arg(vm, &timeout.unwrap_or(Value::None))?;
    state(vm).default_timeout.set(timeout);
    Ok(Value::None)
}

fn dup(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd] = DUP.bind_args(vm, args)?;
    let fd = int_arg(vm, fd, -1)? as i32;
    // SAFETY: `fcntl(F_DUPFD_CLOEXEC)` has no memory-safety preconditions.
    let new = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0) };
    if new < 0 {
        return Err(os_error(vm));
    }
    Ok(Value::Int(new as i64))
}

fn close_fd(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd] = CLOSE_FD.bind_args(vm, args)?;
    let fd = int_arg(vm, fd, -1)? as i32;
    // SAFETY: closing a descriptor number has no memory-safety preconditions.
    if unsafe { libc::close(fd) } != 0 && last_errno() != libc::ECONNRESET {
        return Err(os_error(vm));
    }
    Ok(Value::None)
}

fn unsigned_arg(vm: &mut Vm, value: Option<Value>, bits: u32, name: &str) -> PyResult<u64> {
    let value = value.unwrap_or(Value::None);
    let Some(n) = krait_vm::objects::int::as_i64(&value) else {
        let given = vm.type_name_of(&value);
        return Err(vm.new_type_error(format!(
            "'{given}' object cannot be interpreted as an integer"
        )));
    };
    if n < 0 {
        return Err(vm.new_error(
            Exc::OverflowError,
            format!(
                "{name}: can't convert negative Python int to C {}",
                if bits == 16 {
                    "16-bit unsigned integer"
                } else {
                    "unsigned long"
                }
            ),
        ));
    }
    if (n as u64) >> bits != 0 {
        return Err(vm.new_error(
            Exc::OverflowError,
            format!(
                "{name}: Python int too large to convert to C {}",
                if bits == 16 {
                    "16-bit unsigned integer"
                } else {
                    "unsigned long"
                }
            ),
        ));
    }
    Ok(n as u64)
}

fn htons(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [x] = HTONS.bind_args(vm, args)?;
    let x = unsigned_arg(vm, x, 16, "htons")? as u16;
    Ok(Value::Int(x.to_be() as i64))
}

fn htons_back(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [x] = NTOHS.bind_args(vm, args)?;
    let x = unsigned_arg(vm, x, 16, "ntohs")? as u16;
    Ok(Value::Int(u16::from_be(x) as i64))
}

fn htonl(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [x] = HTONL.bind_args(vm, args)?;
    let x = unsigned_arg(vm, x, 32, "htonl")? as u32;
    Ok(Value::Int(x.to_be() as i64))
}

fn htonl_back(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [x] = NTOHL.bind_args(vm, args)?;
    let x = unsigned_arg(vm, x, 32, "ntohl")? as u32;
    Ok(Value::Int(u32::from_be(x) as i64))
}

/// The classic forms `inet_aton` takes: one to four parts, each decimal, octal
/// (leading 0) or hexadecimal (leading 0x), the last filling the remaining bytes.
fn parse_inet_aton(text: &str) -> Option<u32> {
    let parts: Vec<&str> = text.split('.').collect();
    if parts.is_empty() || parts.len() > 4 {
        return None;
    }
    let mut values = Vec::with_capacity(parts.len());
    for part in &parts {
        let (digits, radix) =
            if let Some(hex) = part.strip_prefix("0x").or_else(|| part.strip_prefix("0X")) {
                (hex, 16)
            } else if part.len() > 1 && part.starts_with('0') {
                (&part[1..], 8)
            } else {
                (*part, 10)
            };
        if digits.is_empty() && radix != 16 {
            return None;
        }
        values.push(u32::from_str_radix(if digits.is_empty() { "0" } else { digits }, radix).ok()?);
    }
    let (last, leading) = values.split_last()?;
    let mut address: u32 = 0;
    for (i, &v) in leading.iter().enumerate() {
        if v > 255 {
            return None;
        }
        address |= v << (24 - 8 * i);
    }
    let room = 32 - 8 * leading.len() as u32;
    if room < 32 && *last >> room != 0 {
        return None;
    }
    Some(address | last)
}

fn inet_aton(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [text] = INET_ATON.bind_args(vm, args)?;
    let text = host_text(vm, &text.unwrap_or(Value::None))?;
    match parse_inet_aton(text.trim_end()) {
        Some(address) => Ok(vm.new_bytes(address.to_be_bytes().to_vec())),
        None => Err(vm.new_error(
            Exc::OSError,
            "illegal IP address string passed to inet_aton",
        )),
    }
}

fn inet_ntoa(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [packed] = INET_NTOA.bind_args(vm, args)?;
    let packed = crate::bytes_like_arg(vm, &packed.unwrap_or(Value::None))?;
    let Ok(octets) = <[u8; 4]>::try_from(packed.as_slice()) else {
        return Err(vm.new_error(Exc::OSError, "packed IP wrong length for inet_ntoa"));
    };
    Ok(vm.new_str(std::net::Ipv4Addr::from(octets).to_string()))
}

fn inet_pton(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [family, text] = INET_PTON.bind_args(vm, args)?;
    let family = int_arg(vm, family, 0)? as i32;
    let text = host_text(vm, &text.unwrap_or(Value::None))?;
    let illegal = |vm: &mut Vm| {
        vm.new_error(
            Exc::OSError,
            "illegal IP address string passed to inet_pton",
        )
    };
    match family {
        libc::AF_INET => match text.parse::<std::net::Ipv4Addr>() {
            Ok(ip) => Ok(vm.new_bytes(ip.octets().to_vec())),
            Err(_) => Err(illegal(vm)),
        },
        libc::AF_INET6 => match text.parse::<std::net::Ipv6Addr>() {
            Ok(ip) => Ok(vm.new_bytes(ip.octets().to_vec())),
            Err(_) => Err(illegal(vm)),
        },
        _ => Err(errno_error(vm, libc::EAFNOSUPPORT)),
    }
}

fn inet_ntop(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [family, packed] = INET_NTOP.bind_args(vm, args)?;
    let family = int_arg(vm, family, 0)? as i32;
    let packed = crate::bytes_like_arg(vm, &packed.unwrap_or(Value::None))?;
    match family {
        libc::AF_INET => match <[u8; 4]>::try_from(packed.as_slice()) {
            Ok(octets) => Ok(vm.new_str(std::net::Ipv4Addr::from(octets).to_string())),
            Err(_) => {
                Err(vm.new_value_error("invalid length of packed IP address string".to_owned()))
            }
        },
        libc::AF_INET6 => match <[u8; 16]>::try_from(packed.as_slice()) {
            Ok(octets) => Ok(vm.new_str(std::net::Ipv6Addr::from(octets).to_string())),
            Err(_) => {
                Err(vm.new_value_error("invalid length of packed IP address string".to_owned()))
            }
        },
        _ => Err(vm.new_value_error(format!("unknown address family {family}"))),
    }
}

fn getservbyname(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [name, proto] = GETSERVBYNAME.bind_args(vm, args)?;
    let name = host_text(vm, &name.unwrap_or(Value::None))?;
    let proto = match proto {
        None | Some(Value::None) => None,
        Some(p) => Some(host_text(vm, &p)?),
    };
    let c_name = CString::new(name).unwrap_or_default();
    let c_proto = proto.map(|p| CString::new(p).unwrap_or_default());
    // SAFETY: both strings live through the call; the entry is read at once.
    let entry = unsafe {
        libc::getservbyname(
            c_name.as_ptr(),
            c_proto.as_ref().map_or(std::ptr::null(), |p| p.as_ptr()),
        )
    };
    if entry.is_null() {
        return Err(vm.new_error(Exc::OSError, "service/proto not found"));
    }
    // SAFETY: a non-null entry is a valid servent.
    let port = unsafe { (*entry).s_port };
    Ok(Value::Int(u16::from_be(port as u16) as i64))
}

fn getprotobyname(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [name] = GETPROTOBYNAME.bind_args(vm, args)?;
    let name = host_text(vm, &name.unwrap_or(Value::None))?;
    let number = match name.as_str() {
        "ip" => libc::IPPROTO_IP,
        "icmp" => libc::IPPROTO_ICMP,
        "tcp" => libc::IPPROTO_TCP,
        "udp" => libc::IPPROTO_UDP,
        "ipv6" => libc::IPPROTO_IPV6,
        "ipv6-icmp" => libc::IPPROTO_ICMPV6,
        "raw" => libc::IPPROTO_RAW,
        _ => return Err(vm.new_error(Exc::OSError, "protocol not found")),
    };
    Ok(Value::Int(number as i64))
}
