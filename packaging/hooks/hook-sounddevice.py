# sounddevice loads PortAudio with ctypes at run time, which PyInstaller cannot see. On Windows and macOS the
# wheel ships PortAudio in _sounddevice_data: collect it. On Linux PortAudio comes from the system
# (Debian: libportaudio2), as it does for the unpackaged app.
from PyInstaller.utils.hooks import collect_data_files, collect_dynamic_libs, is_module_satisfies

hiddenimports = ["_cffi_backend"]
datas = []
binaries = []
if is_module_satisfies("sounddevice"):
    try:
        binaries = collect_dynamic_libs("_sounddevice_data")
        datas = collect_data_files("_sounddevice_data")
    except Exception:  # no bundled PortAudio (Linux wheels): the system's is used
        binaries, datas = [], []
